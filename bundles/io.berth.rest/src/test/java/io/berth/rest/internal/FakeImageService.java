package io.berth.rest.internal;

import io.berth.core.error.ConflictException;
import io.berth.core.error.ForbiddenException;
import io.berth.core.error.NotFoundException;
import io.berth.core.error.ValidationException;
import io.berth.core.identity.Caller;
import io.berth.core.identity.Page;
import io.berth.core.identity.PageRequest;
import io.berth.core.image.ContainerRegistry;
import io.berth.core.image.Image;
import io.berth.core.image.ImageApp;
import io.berth.core.image.ImageQuery;
import io.berth.core.image.ImageService;
import io.berth.core.image.ImageUpdate;
import io.berth.core.image.RegistryInput;
import io.berth.core.image.RescanTask;
import io.berth.spi.resource.Amount;
import io.berth.spi.resource.ResourceSlots;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A hand-written in-memory image service. It records every input as given; like core, only superadmins
 * change registries and images and start rescans, while everyone reads images. Passwords are "sealed" by
 * prefixing {@code sealed:}, which no answer may show. Rescans finish at once with one outcome per registry.
 */
class FakeImageService implements ImageService {
    static final Instant T0 = FakeIdentityService.T0;
    static final Instant T1 = Instant.parse("2025-04-05T06:07:08Z");
    static final String PYTHON = "cr.backend.ai/stable/python:3.11-ubuntu22.04";
    static final String TORCH = "cr.backend.ai/stable/pytorch:2.3-py311-cuda12.1";
    static final String LOCAL = "registry.local:5000/tools:1.0";

    final Map<String, ContainerRegistry> registries = new TreeMap<>();
    final Map<String, Image> images = new TreeMap<>();
    final Map<String, RescanTask> tasks = new LinkedHashMap<>();
    final List<Object> calls = new ArrayList<>();

    FakeImageService() {
        registries.put("cr.backend.ai", new ContainerRegistry("cr.backend.ai", "https://cr.backend.ai", "docker",
                "stable", "robot", "sealed:hunter2", true, T0, T1));
        registries.put("registry.local:5000", new ContainerRegistry("registry.local:5000",
                "http://registry.local:5000", "docker", null, null, null, false, T0, T0));
        images.put(PYTHON, new Image(PYTHON, "cr.backend.ai", "stable", "python", "3.11-ubuntu22.04", "x86_64",
                "sha256:aaa", 1_500_000_000L, "ubuntu22.04", slots("cpu", "1", "mem", "1073741824"),
                ResourceSlots.EMPTY, Map.of("ai.backend.kernelspec", "1"),
                List.of(new ImageApp("jupyter", "http", List.of(8080)), new ImageApp("ttyd", "http", List.of(7681))),
                List.of("i-gpu1"), T0, T1));
        images.put(TORCH, new Image(TORCH, "cr.backend.ai", "stable", "pytorch", "2.3-py311-cuda12.1", "aarch64",
                "sha256:bbb", 9_000_000_000L, "ubuntu22.04", slots("cpu", "2", "cuda.shares", "0.5"),
                slots("cuda.shares", "8"), Map.of(), List.of(), List.of(), T0, T0));
        images.put(LOCAL, new Image(LOCAL, "registry.local:5000", "", "tools", "1.0", "x86_64", "sha256:ccc", 1000L,
                null, ResourceSlots.EMPTY, ResourceSlots.EMPTY, Map.of(), List.of(), List.of(), T0, T0));
        tasks.put("r-1", new RescanTask("r-1", null, RescanTask.State.DONE, 3, 3,
                List.of(new RescanTask.RegistryOutcome("cr.backend.ai", true, 2, 1, null),
                        new RescanTask.RegistryOutcome("registry.local:5000", false, 0, 0, "connection refused")),
                List.of("cr.backend.ai: 3 repositories", "registry.local:5000: connection refused"), T0, T1));
    }

    static ResourceSlots slots(String... pairs) {
        Map<String, Amount> m = new TreeMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], Amount.of(new java.math.BigDecimal(pairs[i + 1])));
        }
        return ResourceSlots.of(m);
    }

    private static void changes(Caller caller) {
        if (!caller.isSuperadmin()) {
            throw new ForbiddenException("only superadmins manage registries and images");
        }
    }

    private ContainerRegistry registry(String hostname) {
        ContainerRegistry r = registries.get(hostname);
        if (r == null) {
            throw new NotFoundException("no registry '" + hostname + "'", "hostname");
        }
        return r;
    }

    private Image image(String reference) {
        Image i = images.get(reference);
        if (i == null) {
            throw new NotFoundException("no image '" + reference + "'", "reference");
        }
        return i;
    }

    private static String seal(String password) {
        return password == null || password.isEmpty() ? null : "sealed:" + password;
    }

    @Override
    public List<ContainerRegistry> listRegistries(Caller caller) {
        calls.add(List.of("listRegistries", caller));
        if (!caller.isGlobalReader()) {
            throw new ForbiddenException("only superadmins and monitors read registries");
        }
        return List.copyOf(registries.values());
    }

    @Override
    public ContainerRegistry getRegistry(Caller caller, String hostname) {
        calls.add(List.of("getRegistry", hostname));
        return registry(hostname);
    }

    @Override
    public ContainerRegistry createRegistry(Caller caller, RegistryInput input) {
        calls.add(input);
        changes(caller);
        if (input.hostname() == null || input.url() == null) {
            throw new ValidationException((input.hostname() == null ? "hostname" : "url") + " is required",
                    input.hostname() == null ? "hostname" : "url");
        }
        if (registries.containsKey(input.hostname())) {
            throw new ConflictException("registry '" + input.hostname() + "' exists", "hostname");
        }
        ContainerRegistry r = new ContainerRegistry(input.hostname(), input.url(),
                input.type() == null ? ContainerRegistry.DOCKER : input.type(), input.project(), input.username(),
                seal(input.password()), input.sslVerify() == null || input.sslVerify(), T1, T1);
        registries.put(r.hostname(), r);
        return r;
    }

    @Override
    public ContainerRegistry updateRegistry(Caller caller, String hostname, RegistryInput input) {
        calls.add(input);
        changes(caller);
        ContainerRegistry r = registry(hostname);
        if (input.hostname() != null && !input.hostname().equals(hostname)) {
            throw new ValidationException("the hostname of a registry cannot change", "hostname");
        }
        ContainerRegistry changed = new ContainerRegistry(hostname, input.url() == null ? r.url() : input.url(),
                input.type() == null ? r.type() : input.type(),
                input.project() == null ? r.project() : input.project(),
                input.username() == null ? r.username() : input.username(),
                input.password() == null ? r.encryptedPassword() : seal(input.password()),
                input.sslVerify() == null ? r.sslVerify() : input.sslVerify(), r.createdAt(), T1);
        registries.put(hostname, changed);
        return changed;
    }

    @Override
    public void deleteRegistry(Caller caller, String hostname) {
        calls.add(List.of("deleteRegistry", hostname));
        changes(caller);
        registry(hostname);
        registries.remove(hostname);
        images.values().removeIf(i -> i.registry().equals(hostname));
    }

    @Override
    public RescanTask rescan(Caller caller, String hostname) {
        calls.add(java.util.Arrays.asList("rescan", hostname));
        changes(caller);
        List<ContainerRegistry> which = hostname == null ? List.copyOf(registries.values())
                : List.of(registry(hostname));
        String id = "r-" + (tasks.size() + 1);
        RescanTask t = new RescanTask(id, hostname, RescanTask.State.RUNNING, 0, which.size(),
                List.of(), List.of("rescan started"), T1, null);
        tasks.put(id, t);
        return t;
    }

    @Override
    public RescanTask task(Caller caller, String id) {
        calls.add(List.of("task", id));
        RescanTask t = tasks.get(id);
        if (t == null) {
            throw new NotFoundException("no rescan '" + id + "'", "id");
        }
        return t;
    }

    @Override
    public List<RescanTask> tasks(Caller caller) {
        calls.add(List.of("tasks"));
        List<RescanTask> out = new ArrayList<>(tasks.values());
        java.util.Collections.reverse(out);
        return out;
    }

    @Override
    public Page<Image> list(Caller caller, ImageQuery query, PageRequest page) {
        calls.add(query);
        calls.add(page);
        List<Image> all = images.values().stream()
                .filter(i -> query.registry() == null || i.registry().equals(query.registry()))
                .filter(i -> query.name() == null || i.reference().contains(query.name()))
                .filter(i -> query.architecture() == null || i.architecture().equals(query.architecture()))
                .toList();
        List<Image> items = all.stream().skip(page.offset()).limit(page.limit()).toList();
        return new Page<>(items, all.size(), page.offset(), page.limit());
    }

    @Override
    public Image get(Caller caller, String reference) {
        calls.add(List.of("get", reference));
        return image(reference);
    }

    @Override
    public Image update(Caller caller, String reference, ImageUpdate update) {
        calls.add(update);
        changes(caller);
        Image i = image(reference);
        ResourceSlots min = i.minResources();
        if (update.minResources() != null) {
            Map<String, Amount> m = new TreeMap<>();
            update.minResources().forEach((k, v) -> {
                try {
                    m.put(k, Amount.of(new java.math.BigDecimal(v.toString())));
                } catch (NumberFormatException e) {
                    throw new ValidationException("min_resources." + k + " is not an amount", "min_resources." + k);
                }
            });
            min = ResourceSlots.of(m);
        }
        Map<String, ImageApp> apps = new LinkedHashMap<>();
        i.apps().forEach(a -> apps.put(a.name(), a));
        if (update.addApps() != null) {
            update.addApps().forEach(a -> apps.put(a.name(), a));
        }
        if (update.removeApps() != null) {
            for (String name : update.removeApps()) {
                if (apps.remove(name) == null) {
                    throw new NotFoundException("image has no app '" + name + "'", "remove_apps");
                }
            }
        }
        Image changed = new Image(i.reference(), i.registry(), i.namespace(), i.name(), i.tag(), i.architecture(),
                i.digest(), i.sizeBytes(), i.baseDistro(), min, i.maxResources(), i.labels(),
                List.copyOf(apps.values()), i.installedOn(), i.scannedAt(), T1);
        images.put(reference, changed);
        return changed;
    }

    @Override
    public void forget(Caller caller, String reference) {
        calls.add(List.of("forget", reference));
        changes(caller);
        image(reference);
        images.remove(reference);
    }
}
