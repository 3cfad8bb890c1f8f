package io.berth.auth.totp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Base32Test {
    @Test
    void rfc4648VectorsWithoutPadding() {
        String[][] vectors = {{"", ""}, {"f", "MY"}, {"fo", "MZXQ"}, {"foo", "MZXW6"}, {"foob", "MZXW6YQ"},
            {"fooba", "MZXW6YTB"}, {"foobar", "MZXW6YTBOI"}};
        for (String[] v : vectors) {
            assertEquals(v[1], Base32.encode(v[0].getBytes(StandardCharsets.US_ASCII)), v[0]);
        }
    }

    @Test
    void agreesWithCommonsCodecOnRandomSecrets() {
        Random r = new Random(42);
        org.apache.commons.codec.binary.Base32 codec = new org.apache.commons.codec.binary.Base32();
        for (int n = 0; n < 200; n++) {
            byte[] data = new byte[r.nextInt(41)];
            r.nextBytes(data);
            assertEquals(codec.encodeToString(data).replace("=", ""), Base32.encode(data));
        }
    }
}
