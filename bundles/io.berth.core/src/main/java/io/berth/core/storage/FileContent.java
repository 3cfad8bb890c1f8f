package io.berth.core.storage;

import java.io.InputStream;

/** S7: a file to download; the caller closes the stream. */
public record FileContent(String name, long size, InputStream stream) {
}
