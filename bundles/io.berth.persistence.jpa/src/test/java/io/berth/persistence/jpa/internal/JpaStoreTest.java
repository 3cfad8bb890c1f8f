package io.berth.persistence.jpa.internal;

import static io.berth.persistence.jpa.internal.TestDb.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.core.group.ResourceGroup;
import io.berth.core.repo.AgentRepository;
import io.berth.core.repo.DomainRepository;
import io.berth.core.repo.FolderRepository;
import io.berth.core.repo.ImageRepository;
import io.berth.core.repo.KeyPairPolicyRepository;
import io.berth.core.repo.KeyPairReferences;
import io.berth.core.repo.KeyPairRepository;
import io.berth.core.repo.PluginDataRepository;
import io.berth.core.repo.ProjectPolicyRepository;
import io.berth.core.repo.ProjectRepository;
import io.berth.core.repo.QuotaRepository;
import io.berth.core.repo.RegistryRepository;
import io.berth.core.repo.ResourceGroupRepository;
import io.berth.core.repo.ResourcePresetRepository;
import io.berth.core.repo.SessionRepository;
import io.berth.core.repo.SettingsRepository;
import io.berth.core.repo.UnitOfWork;
import io.berth.core.repo.UserPolicyRepository;
import io.berth.core.repo.UserRepository;
import io.berth.core.repo.VolumeRepository;
import io.berth.core.resource.KeyPairResourcePolicy;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.persistence.EntityManagerFactory;
import javax.persistence.Persistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/** The DS component, driven through a minimal stand-in for the bundle context. */
class JpaStoreTest {
    private final TestDb db = TestDb.memory();
    private final Map<Class<?>, Object> registered = new LinkedHashMap<>();
    private final List<Class<?>> unregistered = new ArrayList<>();
    private final List<Dictionary<String, ?>> properties = new ArrayList<>();

    @AfterEach
    void close() {
        db.close();
    }

    private BundleContext context() {
        return (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {BundleContext.class},
                (proxy, method, args) -> {
                    if (!method.getName().equals("registerService") || !(args[0] instanceof Class<?> type)) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    registered.put(type, args[1]);
                    @SuppressWarnings("unchecked")
                    Dictionary<String, ?> props = (Dictionary<String, ?>) args[2];
                    properties.add(props);
                    return Proxy.newProxyInstance(getClass().getClassLoader(),
                            new Class<?>[] {ServiceRegistration.class}, (p, m, a) -> {
                                if (!m.getName().equals("unregister")) {
                                    throw new UnsupportedOperationException(m.getName());
                                }
                                unregistered.add(type);
                                return null;
                            });
                });
    }

    private EntityManagerFactory emf() {
        return Persistence.createEntityManagerFactory("berth",
                Map.of("javax.persistence.nonJtaDataSource", db.dataSource));
    }

    @Test
    void migratesThenRegistersTheTwentyServicesAndWithdrawsThem() {
        EntityManagerFactory emf = emf();
        try {
            JpaStore store = new JpaStore(context(), emf, db.dataSource);
            List<Class<?>> services = List.of(UnitOfWork.class, DomainRepository.class, ProjectRepository.class,
                    UserRepository.class, KeyPairRepository.class, KeyPairPolicyRepository.class,
                    UserPolicyRepository.class, ProjectPolicyRepository.class, ResourcePresetRepository.class,
                    SettingsRepository.class, PluginDataRepository.class, AgentRepository.class,
                    ResourceGroupRepository.class, SessionRepository.class, KeyPairReferences.class,
                    RegistryRepository.class, ImageRepository.class, VolumeRepository.class, FolderRepository.class,
                    QuotaRepository.class);
            assertEquals(services, List.copyOf(registered.keySet()));
            registered.forEach((type, service) -> assertTrue(type.isInstance(service), type.getName()));
            properties.forEach(p -> assertEquals("jpa", p.get(JpaStore.STORE_PROPERTY)));

            DomainRepository domains = (DomainRepository) registered.get(DomainRepository.class);
            UnitOfWork tx = (UnitOfWork) registered.get(UnitOfWork.class);
            tx.run(() -> domains.insert(TestDb.domain("d1", true, T0)));
            assertEquals(Optional.of(TestDb.domain("d1", true, T0)), domains.find("d1"));
            KeyPairPolicyRepository policies = (KeyPairPolicyRepository) registered.get(KeyPairPolicyRepository.class);
            assertEquals(List.of(KeyPairResourcePolicy.DEFAULT),
                    policies.list().stream().map(KeyPairResourcePolicy::name).toList(), "the migration's default");
            PluginDataRepository pluginData = (PluginDataRepository) registered.get(PluginDataRepository.class);
            tx.run(() -> pluginData.put("auth.totp", "u1", "seed"));
            assertEquals(Optional.of(new io.berth.spi.data.PluginStore.Entry("seed", 1)),
                    pluginData.get("auth.totp", "u1"), "the V4 table exists and the entity is in the unit");
            ResourceGroupRepository groups = (ResourceGroupRepository) registered.get(ResourceGroupRepository.class);
            assertEquals(List.of(ResourceGroup.DEFAULT), groups.list().stream().map(ResourceGroup::name).toList(),
                    "the V5 table exists and holds the migration's default group");
            AgentRepository agents = (AgentRepository) registered.get(AgentRepository.class);
            tx.run(() -> agents.insert(TestDb.agent("i-1", ResourceGroup.DEFAULT, T0)));
            assertEquals(List.of("i-1"), agents.aliveSince(T0.plusSeconds(3600)), "the agent entity is in the unit");
            SessionRepository sessions = (SessionRepository) registered.get(SessionRepository.class);
            tx.run(() -> sessions.insert(SessionRepositoryTest.session("s-1", "AK1", T0),
                    new io.berth.core.session.StatusChange(io.berth.core.session.SessionStatus.PENDING, "created", T0)));
            assertEquals(1, sessions.countByAccessKey("AK1"), "the V6 tables exist and the entities are in the unit");
            KeyPairReferences references = (KeyPairReferences) registered.get(KeyPairReferences.class);
            assertEquals(List.of("1 session was created with it"), references.referencesTo("AK1"));
            assertEquals(List.of(), references.referencesTo("AK2"));
            RegistryRepository registries = (RegistryRepository) registered.get(RegistryRepository.class);
            assertEquals(List.of(), registries.list(), "the V8 table exists and the migration adds no registry");
            tx.run(() -> registries.insert(ImageRepositoryTest.registry("cr.example.org", T0)));
            ImageRepository images = (ImageRepository) registered.get(ImageRepository.class);
            tx.run(() -> images.upsert(ImageRepositoryTest.image("cr.example.org", "stable", "python", "3.12",
                    "x86_64", T0)));
            assertEquals(List.of("cr.example.org/stable/python:3.12"), images.byRegistry("cr.example.org").stream()
                    .map(io.berth.core.image.Image::reference).toList(), "the image entity is in the unit");
            VolumeRepository volumes = (VolumeRepository) registered.get(VolumeRepository.class);
            assertEquals(List.of(), volumes.list(), "the V9 tables exist and the migration adds no volume");
            tx.run(() -> volumes.insert(StorageRepositoryTest.volume("local", T0)));
            FolderRepository folders = (FolderRepository) registered.get(FolderRepository.class);
            tx.run(() -> folders.insert(StorageRepositoryTest.folder("f-1", "data", "local",
                    io.berth.core.storage.FolderOwner.USER, "u1", "d1", T0)));
            assertEquals(1, folders.countByVolume("local"), "the folder entity is in the unit");
            QuotaRepository quotas = (QuotaRepository) registered.get(QuotaRepository.class);
            tx.run(() -> quotas.put("local", io.berth.core.storage.FolderOwner.USER, "u1", 1024));
            assertEquals(Optional.of(1024L), quotas.find("local", io.berth.core.storage.FolderOwner.USER, "u1"),
                    "the quota limit entity is in the unit");

            store.deactivate();
            List<Class<?>> reversed = new ArrayList<>(services);
            java.util.Collections.reverse(reversed);
            assertEquals(reversed, unregistered);
        } finally {
            emf.close();
        }
    }

    @Test
    void aFailedMigrationRegistersNothing() {
        EntityManagerFactory emf = emf();
        try {
            javax.sql.DataSource broken = (javax.sql.DataSource) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {javax.sql.DataSource.class}, (p, m, a) -> {
                        throw new java.sql.SQLException("database is down");
                    });
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> new JpaStore(context(), emf, broken));
            assertInstanceOf(java.sql.SQLException.class, e.getCause());
            assertEquals(Map.of(), registered);
        } finally {
            emf.close();
        }
    }
}
