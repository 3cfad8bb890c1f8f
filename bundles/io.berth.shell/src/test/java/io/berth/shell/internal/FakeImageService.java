package io.berth.shell.internal;

import io.berth.core.error.ConflictException;
import io.berth.core.error.NotFoundException;
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
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An in-memory image service recording what it is asked. Passwords are kept "sealed" ({@code sealed:…}),
 * which no output may show. A rescan runs in steps: each {@link #task} call advances it by one repository
 * and one progress line until {@link #STEPS} are done.
 */
class FakeImageService implements ImageService {
    static final Instant T0 = FakeIdentityService.T0;
    static final String PYTHON = "cr.backend.ai/stable/python:3.11";
    static final String LOCAL = "registry.local:5000/tools:1.0";
    static final int STEPS = 3;

    final Map<String, ContainerRegistry> registries = new TreeMap<>();
    final Map<String, Image> images = new TreeMap<>();
    final Map<String, RescanTask> tasks = new LinkedHashMap<>();
    final List<Caller> callers = new ArrayList<>();
    final List<Object> calls = new ArrayList<>();
    int polls;

    FakeImageService() {
        registries.put("cr.backend.ai", new ContainerRegistry("cr.backend.ai", "https://cr.backend.ai", "docker",
                "stable", "robot", "sealed:hunter2", true, T0, T0));
        registries.put("registry.local:5000", new ContainerRegistry("registry.local:5000",
                "http://registry.local:5000", "docker", null, null, null, false, T0, T0));
        images.put(PYTHON, new Image(PYTHON, "cr.backend.ai", "stable", "python", "3.11", "x86_64", "sha256:aaa",
                1_073_741_824L, "ubuntu22.04", slots(Map.of("cpu", "1", "mem", "268435456")), ResourceSlots.EMPTY,
                Map.of("ai.backend.kernelspec", "1"), List.of(new ImageApp("jupyter", "http", List.of(8080))),
                List.of("i-gpu1"), T0, T0));
        images.put(LOCAL, new Image(LOCAL, "registry.local:5000", "", "tools", "1.0", "aarch64", "sha256:ccc", 0,
                null, ResourceSlots.EMPTY, ResourceSlots.EMPTY, Map.of(), List.of(), List.of(), T0, T0));
    }

    static ResourceSlots slots(Map<String, ?> raw) {
        Map<String, Amount> m = new TreeMap<>();
        raw.forEach((k, v) -> m.put(k, Amount.of(new BigDecimal(v.toString()))));
        return ResourceSlots.of(m);
    }

    private ContainerRegistry registry(String hostname) {
        ContainerRegistry r = registries.get(hostname);
        if (r == null) {
            throw new NotFoundException("no container registry '" + hostname + "'", "hostname");
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

    @Override
    public List<ContainerRegistry> listRegistries(Caller caller) {
        callers.add(caller);
        return List.copyOf(registries.values());
    }

    @Override
    public ContainerRegistry getRegistry(Caller caller, String hostname) {
        callers.add(caller);
        return registry(hostname);
    }

    @Override
    public ContainerRegistry createRegistry(Caller caller, RegistryInput input) {
        callers.add(caller);
        calls.add(input);
        if (registries.containsKey(input.hostname())) {
            throw new ConflictException("container registry '" + input.hostname() + "' exists", "hostname");
        }
        ContainerRegistry r = new ContainerRegistry(input.hostname(), input.url(),
                input.type() == null ? "docker" : input.type(), input.project(), input.username(),
                input.password() == null ? null : "sealed:" + input.password(),
                input.sslVerify() == null || input.sslVerify(), T0, T0);
        registries.put(r.hostname(), r);
        return r;
    }

    @Override
    public ContainerRegistry updateRegistry(Caller caller, String hostname, RegistryInput input) {
        callers.add(caller);
        calls.add(input);
        ContainerRegistry r = registry(hostname);
        String pw = input.password() == null ? r.encryptedPassword()
                : input.password().isEmpty() ? null : "sealed:" + input.password();
        ContainerRegistry c = new ContainerRegistry(hostname, input.url() == null ? r.url() : input.url(), r.type(),
                input.project() == null ? r.project() : input.project(),
                input.username() == null ? r.username() : input.username(), pw,
                input.sslVerify() == null ? r.sslVerify() : input.sslVerify(), r.createdAt(), T0);
        registries.put(hostname, c);
        return c;
    }

    @Override
    public void deleteRegistry(Caller caller, String hostname) {
        callers.add(caller);
        calls.add(List.of("deleteRegistry", hostname));
        registry(hostname);
        registries.remove(hostname);
    }

    @Override
    public RescanTask rescan(Caller caller, String hostname) {
        callers.add(caller);
        calls.add(java.util.Arrays.asList("rescan", hostname));
        if (hostname != null) {
            registry(hostname);
        }
        RescanTask t = new RescanTask("r-" + (tasks.size() + 1), hostname, RescanTask.State.RUNNING, 0, STEPS,
                List.of(), List.of("rescan started"), T0, null);
        tasks.put(t.id(), t);
        return t;
    }

    @Override
    public RescanTask task(Caller caller, String id) {
        callers.add(caller);
        polls++;
        RescanTask t = tasks.get(id);
        if (t == null) {
            throw new NotFoundException("no rescan '" + id + "'", "id");
        }
        if (t.state() == RescanTask.State.RUNNING) {
            int done = t.done() + 1;
            List<String> progress = new ArrayList<>(t.progress());
            progress.add("repository " + done + " of " + STEPS);
            if (done == 2) {
                progress.add("cr.backend.ai/stable/broken: no manifest");
            }
            boolean finished = done == STEPS;
            t = new RescanTask(id, t.registry(), finished ? RescanTask.State.DONE : RescanTask.State.RUNNING, done,
                    STEPS, finished ? List.of(new RescanTask.RegistryOutcome("cr.backend.ai", true, 2, 1, null),
                            new RescanTask.RegistryOutcome("registry.local:5000", false, 0, 0,
                                    "connection refused")) : List.of(),
                    progress, t.startedAt(), finished ? T0.plusSeconds(5) : null);
            tasks.put(id, t);
        }
        return t;
    }

    @Override
    public List<RescanTask> tasks(Caller caller) {
        callers.add(caller);
        List<RescanTask> out = new ArrayList<>(tasks.values());
        java.util.Collections.reverse(out);
        return out;
    }

    @Override
    public Page<Image> list(Caller caller, ImageQuery query, PageRequest page) {
        callers.add(caller);
        calls.add(query);
        calls.add(page);
        List<Image> all = images.values().stream()
                .filter(i -> query.registry() == null || i.registry().equals(query.registry()))
                .filter(i -> query.name() == null || i.reference().contains(query.name()))
                .filter(i -> query.architecture() == null || i.architecture().equals(query.architecture()))
                .toList();
        return new Page<>(all.stream().skip(page.offset()).limit(page.limit()).toList(), all.size(), page.offset(),
                page.limit());
    }

    @Override
    public Image get(Caller caller, String reference) {
        callers.add(caller);
        return image(reference);
    }

    @Override
    public Image update(Caller caller, String reference, ImageUpdate update) {
        callers.add(caller);
        calls.add(update);
        Image i = image(reference);
        ResourceSlots min = i.minResources();
        if (update.minResources() != null) {
            Map<String, Object> raw = new TreeMap<>();
            update.minResources().forEach((k, v) -> raw.put(k, "256m".equals(v) ? "268435456" : v));
            min = slots(raw);
        }
        Map<String, ImageApp> apps = new LinkedHashMap<>();
        i.apps().forEach(a -> apps.put(a.name(), a));
        if (update.addApps() != null) {
            update.addApps().forEach(a -> apps.put(a.name(), a));
        }
        if (update.removeApps() != null) {
            for (String n : update.removeApps()) {
                if (apps.remove(n) == null) {
                    throw new NotFoundException("image " + reference + " has no app '" + n + "'", "remove_apps");
                }
            }
        }
        Image c = new Image(i.reference(), i.registry(), i.namespace(), i.name(), i.tag(), i.architecture(),
                i.digest(), i.sizeBytes(), i.baseDistro(), min, i.maxResources(), i.labels(),
                List.copyOf(apps.values()), i.installedOn(), i.scannedAt(), T0);
        images.put(reference, c);
        return c;
    }

    @Override
    public void forget(Caller caller, String reference) {
        callers.add(caller);
        calls.add(List.of("forget", reference));
        image(reference);
        images.remove(reference);
    }
}
