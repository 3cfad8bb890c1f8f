package io.berth.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.core.auth.BackendAiSignature;
import io.berth.core.auth.Principal;
import io.berth.core.auth.SignedRequest;
import io.berth.core.error.AuthenticationException;
import io.berth.core.identity.Caller;
import io.berth.core.identity.Inputs.DomainUpdate;
import io.berth.core.identity.Inputs.KeyPairUpdate;
import io.berth.core.identity.Inputs.NewKeyPair;
import io.berth.core.identity.Inputs.UserUpdate;
import io.berth.core.identity.KeyPair;
import io.berth.core.identity.Role;
import io.berth.core.identity.User;
import io.berth.core.identity.UserStatus;
import io.berth.core.testing.SignatureVectors.Case;
import io.berth.core.testing.SignatureVectors;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** SPEC K5 end to end over the fakes: every vector is accepted, every change to it refused. */
class AuthServiceImplAuthenticateTest {

    static Stream<Case> vectors() {
        return SignatureVectors.load().stream();
    }

    /** A world where carol owns a keypair with the vector's keys. */
    private static World worldFor(Case c) {
        World w = new World();
        w.svc.createKeyPair(Caller.SYSTEM, new NewKeyPair(w.carol.email(), c.accessKey(), c.secretKey(), true, null,
                null, 123));
        return w;
    }

    private static Instant at(Case c) {
        return BackendAiSignature.parseDate(c.date()).toInstant();
    }

    private static String refusal(World w, SignedRequest r, Instant now) {
        return assertThrows(AuthenticationException.class, () -> w.auth.authenticate(r, now)).getMessage();
    }

    private static SignedRequest with(SignedRequest r, UnaryOperator<String> method, UnaryOperator<String> path,
            UnaryOperator<String> host, UnaryOperator<String> type, UnaryOperator<String> date,
            UnaryOperator<String> version, UnaryOperator<String> auth) {
        return new SignedRequest(method.apply(r.method()), path.apply(r.pathAndQuery()), host.apply(r.host()),
                type.apply(r.contentType()), date.apply(r.date()), version.apply(r.apiVersion()),
                auth.apply(r.authorization()));
    }

    private static final UnaryOperator<String> SAME = s -> s;

    @ParameterizedTest
    @MethodSource("vectors")
    void everyVectorIsAccepted(Case c) {
        World w = worldFor(c);
        Principal p = w.auth.authenticate(c.request(), at(c));
        assertEquals(new Caller(w.carol.id(), w.carol.email(), Role.USER, "alpha", c.accessKey()), p.caller());
        assertEquals(123, p.rateLimit());
    }

    /** Each signed element changed on its own, with everything else as in the vector. */
    static List<Object[]> tampered() {
        List<Object[]> out = new ArrayList<>();
        for (Case c : SignatureVectors.load()) {
            SignedRequest r = c.request();
            String flipped = c.signature().substring(0, 63) + (c.signature().endsWith("0") ? "1" : "0");
            OffsetDateTime d = BackendAiSignature.parseDate(c.date());
            String otherMethod = c.method().equals("GET") ? "POST" : "GET";
            String[] names = {"method", "path", "query", "host", "content type", "date +1s",
                "date: same instant, other offset", "version", "signature hex"};
            List<SignedRequest> changed = List.of(
                    with(r, m -> otherMethod, SAME, SAME, SAME, SAME, SAME, SAME),
                    with(r, SAME, p -> p.replaceFirst("^/", "/x"), SAME, SAME, SAME, SAME, SAME),
                    with(r, SAME, p -> p + (p.contains("?") ? "&extra=1" : "?extra=1"), SAME, SAME, SAME, SAME, SAME),
                    with(r, SAME, SAME, h -> "evil." + h, SAME, SAME, SAME, SAME),
                    with(r, SAME, SAME, SAME, t -> t.equals("text/plain") ? "application/json" : "text/plain", SAME,
                            SAME, SAME),
                    with(r, SAME, SAME, SAME, SAME, x -> d.plusSeconds(1).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME),
                            SAME, SAME),
                    with(r, SAME, SAME, SAME, SAME, x -> d.withOffsetSameInstant(ZoneOffset.ofHours(
                            d.getOffset().getTotalSeconds() == 3600 ? 2 : 1)).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME),
                            SAME, SAME),
                    with(r, SAME, SAME, SAME, SAME, SAME, v -> v + "1", SAME),
                    with(r, SAME, SAME, SAME, SAME, SAME, SAME, a -> a.replace(c.signature(), flipped)));
            for (int i = 0; i < changed.size(); i++) {
                out.add(new Object[] {c, names[i], changed.get(i)});
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{1} changed in {0}")
    @MethodSource("tampered")
    void anyChangedSignedElementIsRefused(Case c, String what, SignedRequest changed) {
        World w = worldFor(c);
        String m = refusal(w, changed, at(c));
        assertTrue(m.contains("signature mismatch"), what + ": " + m);
        // and the untouched request still passes in the same world
        w.auth.authenticate(c.request(), at(c));
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void anotherUsersAccessKeyWithTheSameSignatureIsRefused(Case c) {
        World w = worldFor(c);
        String other = w.alice.mainAccessKey();
        SignedRequest r = with(c.request(), SAME, SAME, SAME, SAME, SAME, SAME,
                a -> a.replace(c.accessKey() + ":", other + ":"));
        assertTrue(refusal(w, r, at(c)).contains("signature mismatch"));
        SignedRequest unknown = with(c.request(), SAME, SAME, SAME, SAME, SAME, SAME,
                a -> a.replace(c.accessKey() + ":", "AKUNKNOWN0000000000X:"));
        assertEquals(refusal(w, r, at(c)), refusal(w, unknown, at(c)), "unknown keys look like bad signatures");
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void clockSkewOfFifteenMinutesIsTheLimit(Case c) {
        World w = worldFor(c);
        Instant t = at(c);
        Duration limit = Duration.ofMinutes(15);
        w.auth.authenticate(c.request(), t.plus(limit));
        w.auth.authenticate(c.request(), t.minus(limit));
        for (Duration beyond : List.of(Duration.ofSeconds(1), Duration.ofMillis(1))) {
            String late = refusal(w, c.request(), t.plus(limit).plus(beyond));
            String early = refusal(w, c.request(), t.minus(limit).minus(beyond));
            assertTrue(late.contains("15 minutes"), late);
            assertTrue(early.contains("15 minutes"), early);
        }
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void inactiveKeypairIsRefused(Case c) {
        World w = worldFor(c);
        w.svc.updateKeyPair(Caller.SYSTEM, c.accessKey(), new KeyPairUpdate(false, null, null, null));
        String m = refusal(w, c.request(), at(c));
        assertTrue(m.contains("inactive") && m.contains(c.accessKey()), m);
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void inactiveOwnerIsRefusedEvenIfTheKeypairIsActive(Case c) {
        World w = worldFor(c);
        w.f.tx.run(() -> w.f.users.update(w.reload(w.carol).withStatus(UserStatus.INACTIVE, World.T0)));
        assertTrue(w.key(c.accessKey()).active());
        String m = refusal(w, c.request(), at(c));
        assertTrue(m.contains("owner"), m);
        w.f.tx.run(() -> w.f.users.update(w.reload(w.carol).withStatus(UserStatus.BEFORE_VERIFICATION, World.T0)));
        assertTrue(refusal(w, c.request(), at(c)).contains("owner"));
    }

    @Test
    void deactivatedUserCanSignWithNoneOfItsKeypairs() {
        Case c = SignatureVectors.load().get(0);
        World w = worldFor(c);
        w.svc.deactivateUser(Caller.SYSTEM, w.carol.email());
        assertTrue(refusal(w, c.request(), at(c)).contains("inactive"));
        w.svc.updateUser(Caller.SYSTEM, w.carol.email(),
                new UserUpdate(null, null, null, null, null, UserStatus.ACTIVE, null, null, null, null));
        assertTrue(refusal(w, c.request(), at(c)).contains("inactive"), "re-activation keeps keypairs off");
    }

    @Test
    void inactiveDomainIsRefused() {
        Case c = SignatureVectors.load().get(0);
        World w = worldFor(c);
        w.svc.updateDomain(Caller.SYSTEM, "alpha", new DomainUpdate(null, false, null, null, null));
        String m = refusal(w, c.request(), at(c));
        assertTrue(m.contains("alpha"), m);
    }

    @Test
    void missingVersionIsRefused() {
        Case c = SignatureVectors.load().get(0);
        World w = worldFor(c);
        for (String v : new String[] {null, "", " "}) {
            SignedRequest r = with(c.request(), SAME, SAME, SAME, SAME, SAME, x -> v, SAME);
            assertTrue(refusal(w, r, at(c)).contains("X-BackendAI-Version"));
        }
    }

    @Test
    void malformedOrMissingHeadersAreAuthenticationFailures() {
        Case c = SignatureVectors.load().get(0);
        World w = worldFor(c);
        refusal(w, with(c.request(), SAME, SAME, SAME, SAME, SAME, SAME, a -> null), at(c));
        refusal(w, with(c.request(), SAME, SAME, SAME, SAME, SAME, SAME, a -> "Basic Zm9vOmJhcg=="), at(c));
        refusal(w, with(c.request(), SAME, SAME, SAME, SAME, d -> null, SAME, SAME), at(c));
        refusal(w, with(c.request(), SAME, SAME, SAME, SAME, d -> "soon", SAME, SAME), at(c));
    }

    @Test
    void rfc1123DateSignedByTheClientIsAccepted() {
        Case c = SignatureVectors.load().get(0);
        World w = worldFor(c);
        Instant t = Instant.parse("2026-11-29T12:00:00Z");
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.withLocale(Locale.ROOT).format(t.atOffset(ZoneOffset.UTC));
        SignedRequest unsigned = new SignedRequest("GET", "/", "h", "application/json", date, "v8.20240915", null);
        String sig = BackendAiSignature.sign(unsigned, c.secretKey());
        SignedRequest r = new SignedRequest("GET", "/", "h", "application/json", date, "v8.20240915",
                "BackendAI signMethod=HMAC-SHA256, credential=" + c.accessKey() + ":" + sig);
        assertEquals(w.carol.id(), w.auth.authenticate(r, t.plusSeconds(60)).caller().userId());
    }

    @Test
    void principalRoleFollowsTheKeypairsAdminFlag() {
        Case c = SignatureVectors.load().get(0);
        World w = new World();
        User admin = w.adminA;
        w.svc.createKeyPair(Caller.SYSTEM, new NewKeyPair(admin.email(), c.accessKey(), c.secretKey(), true, true,
                null, null));
        assertEquals(Role.ADMIN, w.auth.authenticate(c.request(), at(c)).caller().role());
        w.svc.updateKeyPair(Caller.SYSTEM, c.accessKey(), new KeyPairUpdate(null, false, null, null));
        Principal p = w.auth.authenticate(c.request(), at(c));
        assertEquals(Role.USER, p.caller().role(), "a non-admin keypair acts with user rights only");
        assertEquals(KeyPair.DEFAULT_RATE_LIMIT, p.rateLimit());
    }

    @Test
    void usageIsCountedAndFlushedInBatches() {
        Case c = SignatureVectors.load().get(0);
        World w = worldFor(c);
        Instant t = at(c);
        w.auth.authenticate(c.request(), t);
        w.auth.authenticate(c.request(), t.plusSeconds(5));
        assertEquals(0, w.key(c.accessKey()).numQueries(), "nothing is written per request");
        // refused requests are not counted
        refusal(w, c.request(), t.plus(Duration.ofHours(1)));
        w.auth.flushUsage();
        KeyPair k = w.key(c.accessKey());
        assertEquals(2, k.numQueries());
        assertEquals(t.plusSeconds(5), k.lastUsed());
        w.auth.flushUsage();
        assertEquals(2, w.key(c.accessKey()).numQueries(), "a flush hands on each count once");
        assertNotEquals(null, k.lastUsed());
    }
}
