package io.berth.storage.netapp.internal;

import io.berth.spi.storage.Volume;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The ONTAP settings of one volume, read from {@link Volume#options()}:
 * <ul>
 * <li>{@code endpoint} (required): the cluster or SVM management address, {@code https://host[:port]},
 * without path, user info, query or fragment; {@code http://} only with {@code allow_http=true}
 * (meant for tests: Basic credentials would travel in clear text);</li>
 * <li>{@code svm} (required): the SVM name; {@code volume} (required): the ONTAP volume name;</li>
 * <li>{@code username}, {@code password}: Basic authentication; both or neither; the password is never
 * logged nor put into a message;</li>
 * <li>{@code ssl_verify} ({@code true} by default): {@code false} trusts any certificate and host name,
 * for this volume's client only;</li>
 * <li>{@code timeout_seconds} (30 by default): connect and request timeout of each REST call;</li>
 * <li>{@code job_timeout_seconds} (120 by default): how long to wait for an ONTAP job to finish;</li>
 * <li>{@code security_style} (optional: {@code unix}, {@code ntfs}, {@code mixed}): the security style of
 * the qtrees this backend creates; inherited from the volume when absent.</li>
 * </ul>
 * Immutable. Its {@link #toString()} never shows the credentials.
 */
final class OntapConfig {
    static final String ENDPOINT = "endpoint";
    static final String SVM = "svm";
    static final String VOLUME = "volume";
    static final String USERNAME = "username";
    static final String PASSWORD = "password";
    static final String SSL_VERIFY = "ssl_verify";
    static final String TIMEOUT = "timeout_seconds";
    static final String JOB_TIMEOUT = "job_timeout_seconds";
    static final String ALLOW_HTTP = "allow_http";
    static final String SECURITY_STYLE = "security_style";

    private static final long MAX_SECONDS = 3600;
    /** SVM and volume names as ONTAP allows them: letters, digits, {@code _ - .}, at most 203 characters. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,203}");
    private static final Set<String> SECURITY_STYLES = Set.of("unix", "ntfs", "mixed");

    final URI endpoint;
    final String svm;
    final String ontapVolume;
    /** The {@code Authorization} header value, or {@code null} without credentials. Never shown. */
    private final String authorization;
    /** The password, only to scrub it from texts that come back from the storage; never shown. */
    private final String password;
    final boolean sslVerify;
    final Duration timeout;
    final Duration jobTimeout;
    /** The security style for new qtrees, or {@code null} to inherit the volume's. */
    final String securityStyle;

    private OntapConfig(URI endpoint, String svm, String ontapVolume, String authorization, String password,
            boolean sslVerify, Duration timeout, Duration jobTimeout, String securityStyle) {
        this.endpoint = endpoint;
        this.svm = svm;
        this.ontapVolume = ontapVolume;
        this.authorization = authorization;
        this.password = password;
        this.sslVerify = sslVerify;
        this.timeout = timeout;
        this.jobTimeout = jobTimeout;
        this.securityStyle = securityStyle;
    }

    /**
     * Reads and validates the options of a volume.
     *
     * @param volume the volume
     * @return its settings
     * @throws IllegalArgumentException naming the option that is missing or invalid (never quoting a password)
     */
    static OntapConfig of(Volume volume) {
        Map<String, String> options = volume.options();
        boolean allowHttp = bool(volume, options, ALLOW_HTTP, false);
        URI endpoint = endpoint(volume, required(volume, options, ENDPOINT), allowHttp);
        String svm = name(volume, SVM, required(volume, options, SVM));
        String ontapVolume = name(volume, VOLUME, required(volume, options, VOLUME));
        String username = options.get(USERNAME);
        String password = options.get(PASSWORD);
        String authorization = null;
        if (username != null || password != null) {
            if (username == null || username.isBlank()) {
                throw new IllegalArgumentException("volume " + volume.name() + " of backend netapp has option "
                        + PASSWORD + " but lacks option " + USERNAME);
            }
            if (password == null) {
                throw new IllegalArgumentException("volume " + volume.name() + " of backend netapp has option "
                        + USERNAME + " but lacks option " + PASSWORD);
            }
            if (username.indexOf(':') >= 0) {
                throw new IllegalArgumentException("option " + USERNAME + " of volume " + volume.name()
                        + " must not contain ':' (HTTP Basic authentication)");
            }
            authorization = "Basic " + Base64.getEncoder()
                    .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
        }
        boolean sslVerify = bool(volume, options, SSL_VERIFY, true);
        Duration timeout = seconds(volume, options, TIMEOUT, 30);
        Duration jobTimeout = seconds(volume, options, JOB_TIMEOUT, 120);
        String style = options.get(SECURITY_STYLE);
        if (style != null && !SECURITY_STYLES.contains(style)) {
            throw new IllegalArgumentException("option " + SECURITY_STYLE + " of volume " + volume.name()
                    + " must be one of unix, ntfs, mixed: \"" + style + "\"");
        }
        return new OntapConfig(endpoint, svm, ontapVolume, authorization,
                password == null || password.isEmpty() ? null : password, sslVerify, timeout, jobTimeout, style);
    }

    /** The {@code Authorization} header value, or {@code null}. */
    String authorization() {
        return authorization;
    }

    /** The text with every occurrence of the password replaced, for texts that came from the storage. */
    String scrub(String text) {
        if (text == null || password == null) {
            return text;
        }
        return text.replace(password, "***");
    }

    /** What the settings of the volume's REST client depend on. */
    ClientKey clientKey() {
        return new ClientKey(sslVerify, timeout);
    }

    /** The settings an HTTP client is built from; clients are shared between volumes with equal keys. */
    record ClientKey(boolean sslVerify, Duration connectTimeout) {
    }

    @Override
    public String toString() {
        return "ONTAP " + endpoint + " svm " + svm + " volume " + ontapVolume;
    }

    private static String required(Volume volume, Map<String, String> options, String option) {
        String value = options.get(option);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("volume " + volume.name() + " of backend netapp lacks the required "
                    + "option " + option);
        }
        return value.strip();
    }

    private static String name(Volume volume, String option, String value) {
        if (!NAME.matcher(value).matches()) {
            throw new IllegalArgumentException("option " + option + " of volume " + volume.name()
                    + " must be an ONTAP name (letters, digits, _ - .): \"" + value + "\"");
        }
        return value;
    }

    private static URI endpoint(Volume volume, String value, boolean allowHttp) {
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("option " + ENDPOINT + " of volume " + volume.name()
                    + " is not a URI (expected https://host[:port]): " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(scheme.equals("http") && allowHttp)) {
            throw new IllegalArgumentException("option " + ENDPOINT + " of volume " + volume.name()
                    + " must be https://host[:port]" + (scheme.equals("http") ? " (http only with option "
                    + ALLOW_HTTP + "=true)" : "") + ": " + safe(uri));
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("option " + ENDPOINT + " of volume " + volume.name()
                    + " must not contain credentials; use options " + USERNAME + " and " + PASSWORD);
        }
        if (uri.getHost() == null || uri.getRawQuery() != null || uri.getRawFragment() != null
                || !(uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/"))) {
            throw new IllegalArgumentException("option " + ENDPOINT + " of volume " + volume.name()
                    + " must be https://host[:port] without path, query or fragment: " + safe(uri));
        }
        try {
            return new URI(scheme, null, uri.getHost(), uri.getPort(), null, null, null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("option " + ENDPOINT + " of volume " + volume.name()
                    + " is not a valid address: " + e.getReason());
        }
    }

    /** The URI without user info, for messages. */
    private static String safe(URI uri) {
        return uri.getRawUserInfo() == null ? "\"" + uri + "\"" : "(an address with credentials)";
    }

    private static boolean bool(Volume volume, Map<String, String> options, String option, boolean dflt) {
        String value = options.get(option);
        if (value == null) {
            return dflt;
        }
        switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "true":
                return true;
            case "false":
                return false;
            default:
                throw new IllegalArgumentException("option " + option + " of volume " + volume.name()
                        + " must be true or false: \"" + value + "\"");
        }
    }

    private static Duration seconds(Volume volume, Map<String, String> options, String option, long dflt) {
        String value = options.get(option);
        if (value == null) {
            return Duration.ofSeconds(dflt);
        }
        long s;
        try {
            s = Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            s = -1;
        }
        if (s < 1 || s > MAX_SECONDS) {
            throw new IllegalArgumentException("option " + option + " of volume " + volume.name()
                    + " must be a whole number of seconds from 1 to " + MAX_SECONDS + ": \"" + value + "\"");
        }
        return Duration.ofSeconds(s);
    }
}
