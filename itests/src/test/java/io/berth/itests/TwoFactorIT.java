package io.berth.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.itests.Api.Resp;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.inject.Inject;
import org.apache.karaf.features.FeaturesService;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;

/**
 * SPEC T1/T2/X2: the TOTP plugin installed into the running distribution turns two-factor login on,
 * uninstalling it turns it off with enrolments kept; repeated failures lock an account.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class TwoFactorIT extends BerthTestSupport {
    private static final String FEATURE = "berth-auth-totp";
    private static final String PASSWORD = "Passw0rd!x";

    /** Installing must not refresh other bundles (this test's probe among them). */
    private static final EnumSet<FeaturesService.Option> NO_REFRESH = EnumSet.of(
            FeaturesService.Option.NoAutoRefreshBundles);

    @Inject
    private FeaturesService features;

    /** RFC 4648 Base32 without padding, as authenticator apps read it. */
    static byte[] base32(String s) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int buffer = 0;
        int bits = 0;
        for (char c : s.replace("=", "").toUpperCase(java.util.Locale.ROOT).toCharArray()) {
            buffer = (buffer << 5) | alphabet.indexOf(c);
            bits += 5;
            if (bits >= 8) {
                out.write((buffer >> (bits - 8)) & 0xff);
                bits -= 8;
            }
        }
        return out.toByteArray();
    }

    /** RFC 6238 with HMAC-SHA-1, 6 digits, 30 s steps; written here from the RFC, not shared with the plugin. */
    static String totp(String base32Secret, long step) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(base32(base32Secret), "HmacSHA1"));
        byte[] h = mac.doFinal(ByteBuffer.allocate(8).putLong(step).array());
        int o = h[h.length - 1] & 0x0f;
        int bin = ((h[o] & 0x7f) << 24) | ((h[o + 1] & 0xff) << 16) | ((h[o + 2] & 0xff) << 8) | (h[o + 3] & 0xff);
        return String.format("%06d", bin % 1_000_000);
    }

    static long step() {
        return System.currentTimeMillis() / 1000 / 30;
    }

    private static Resp login(String email, String otp) throws Exception {
        Map<String, Object> body = new java.util.LinkedHashMap<>(Map.of("type", "keypair", "domain", "default",
                "username", email, "password", PASSWORD));
        if (otp != null) {
            body.put("otp", otp);
        }
        return Api.anonymous(PORT, "POST", "/auth/authorize", Api.JSON.writeValueAsString(body));
    }

    private static void awaitFactors(Api api, boolean totpInstalled) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < end) {
            Resp r = api.get("/me/2fa");
            if (r.status() == 200 && r.json().get("factors").has("totp") == totpInstalled) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("totp " + (totpInstalled ? "did not appear" : "did not go away"));
    }

    private static Resp must(Resp r, int status) {
        assertEquals(r.toString(), status, r.status());
        return r;
    }

    @Test
    public void totpPluginTurnsTwoFactorLoginOnAndOffAtRuntime() throws Exception {
        Api.awaitReady(PORT, "/admin/users", Duration.ofSeconds(90));
        Api admin = Api.loginWhenReady(PORT, "default", ADMIN_EMAIL, ADMIN_PASSWORD);
        String email = "tf-user@it.test";
        must(admin.post("/admin/users", Map.of("email", email, "username", "tfuser", "password", PASSWORD)), 201);
        Api user = Api.login(PORT, "default", email, PASSWORD);

        // not installed: no field, no code, no enrolment endpoint
        assertEquals(0, must(user.get("/me/2fa"), 200).json().get("factors").size());
        must(user.post("/me/2fa/totp", null), 404);
        assertFalse(admin.get("/admin/users/" + email).json().has("second_factors"));

        features.installFeature(FEATURE, NO_REFRESH);
        awaitFactors(user, true);
        JsonNode enrolment = must(user.post("/me/2fa/totp", null), 201).json();
        String secret = enrolment.get("secret").asText();
        assertTrue(enrolment.toString(), enrolment.get("uri").asText().startsWith("otpauth://totp/"));
        assertFalse("pending only", admin.get("/admin/users/" + email).json().get("second_factors").get("totp")
                .asBoolean());
        must(user.post("/me/2fa/totp/activate", Map.of("code", "000000".equals(totp(secret, step())) ? "111111"
                : "000000")), 400);
        long s = step();
        must(user.post("/me/2fa/totp/activate", Map.of("code", totp(secret, s))), 200);
        assertTrue(admin.get("/admin/users/" + email).json().get("second_factors").get("totp").asBoolean());
        JsonNode listed = admin.get("/admin/users?email=tf-user").json().get("items").get(0);
        assertTrue(listed.toString(), listed.get("second_factors").get("totp").asBoolean());

        Resp noCode = must(login(email, null), 401);
        assertTrue(noCode.toString(), noCode.json().get("detail").asText().contains("otp"));
        must(login(email, "12345"), 401);
        // the activation used step s: the next step's code (inside the ±1 window) logs in, once
        String next = totp(secret, s + 1);
        must(login(email, next), 200);
        must(login(email, next), 401);

        // uninstalled: login needs no code and views carry no field; the enrolment is kept
        features.uninstallFeature(FEATURE, NO_REFRESH);
        awaitFactors(user, false);
        must(login(email, null), 200);
        assertFalse(admin.get("/admin/users/" + email).json().has("second_factors"));
        must(user.post("/me/2fa/totp", null), 404);

        features.installFeature(FEATURE, NO_REFRESH);
        awaitFactors(user, true);
        must(login(email, null), 401);
        assertTrue(must(user.get("/me/2fa"), 200).json().get("factors").get("totp").asBoolean());

        // an admin may disable another user's factor (never enable it)
        must(admin.delete("/admin/users/" + email + "/2fa/totp"), 204);
        must(login(email, null), 200);
        assertFalse(admin.get("/admin/users/" + email).json().get("second_factors").get("totp").asBoolean());

        features.uninstallFeature(FEATURE, NO_REFRESH);
        awaitFactors(user, false);
    }

    @Test
    public void repeatedFailuresLockTheAccount() throws Exception {
        Api.awaitReady(PORT, "/admin/users", Duration.ofSeconds(90));
        Api admin = Api.loginWhenReady(PORT, "default", ADMIN_EMAIL, ADMIN_PASSWORD);
        String email = "tf-locked@it.test";
        must(admin.post("/admin/users", Map.of("email", email, "username", "tflocked", "password", PASSWORD)), 201);
        for (int i = 0; i < 10; i++) {
            Resp r = Api.anonymous(PORT, "POST", "/auth/authorize", Api.JSON.writeValueAsString(Map.of("type",
                    "keypair", "domain", "default", "username", email, "password", "Wrong-pass" + i + "!")));
            assertEquals("attempt " + (i + 1) + ": " + r, 401, r.status());
        }
        Resp locked = login(email, null);
        assertEquals(locked.toString(), 429, locked.status());
        assertTrue(locked.contentType().startsWith("application/problem+json"));
        long retryAfter = Long.parseLong(locked.header("Retry-After"));
        assertTrue("Retry-After " + retryAfter, retryAfter > 1100 && retryAfter <= 1200);
        // other accounts are not affected
        Api.loginWhenReady(PORT, "default", ADMIN_EMAIL, ADMIN_PASSWORD);
    }
}
