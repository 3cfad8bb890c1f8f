package io.berth.core.image;

import java.util.List;

/** SPEC I1: an app (service) an image offers: its name, protocol ({@code http}, {@code tcp}, {@code pty}, …) and ports. */
public record ImageApp(String name, String protocol, List<Integer> ports) {
    public ImageApp {
        ports = List.copyOf(ports);
    }
}
