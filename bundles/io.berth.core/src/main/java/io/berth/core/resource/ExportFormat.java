package io.berth.core.resource;

import io.berth.core.error.ValidationException;
import java.util.Locale;

/** File formats of list downloads (SPEC P5). */
public enum ExportFormat {
    CSV("text/csv", "csv"), JSON("application/json", "json");

    private final String mediaType;
    private final String extension;

    ExportFormat(String mediaType, String extension) {
        this.mediaType = mediaType;
        this.extension = extension;
    }

    public String mediaType() {
        return mediaType;
    }

    public String extension() {
        return extension;
    }

    public static ExportFormat fromWire(String s, String field) {
        for (ExportFormat f : values()) {
            if (f.extension.equals(s == null ? null : s.toLowerCase(Locale.ROOT))) {
                return f;
            }
        }
        throw new ValidationException("'" + s + "' is not a download format; use csv or json", field);
    }
}
