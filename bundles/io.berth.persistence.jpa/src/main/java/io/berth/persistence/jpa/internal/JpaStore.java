package io.berth.persistence.jpa.internal;

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
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import javax.persistence.EntityManagerFactory;
import javax.sql.DataSource;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * The JPA store: once the {@code berth} persistence unit and its data source are available, it migrates
 * the schema and then registers {@link UnitOfWork}, {@link DomainRepository}, {@link ProjectRepository},
 * {@link UserRepository}, {@link KeyPairRepository}, {@link KeyPairPolicyRepository},
 * {@link UserPolicyRepository}, {@link ProjectPolicyRepository}, {@link ResourcePresetRepository},
 * {@link SettingsRepository}, {@link PluginDataRepository}, {@link AgentRepository},
 * {@link ResourceGroupRepository}, {@link SessionRepository}, {@link RegistryRepository},
 * {@link ImageRepository}, {@link VolumeRepository}, {@link FolderRepository}, {@link QuotaRepository} and,
 * backed by the sessions, a {@link KeyPairReferences} that keeps keypairs with sessions from being deleted.
 *
 * <p>The twenty services are registered through the bundle context rather than as the component's own
 * services: the repository interfaces declare {@code find(String)} with different return types, so no
 * single class can implement them all. Registering only after the migration means that nothing can use
 * a repository before its tables exist. The services carry {@code berth.store=jpa}.
 */
@Component(service = {}, immediate = true)
public final class JpaStore {
    /** Service property naming the store behind the registered services. */
    public static final String STORE_PROPERTY = "berth.store";

    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();

    /**
     * Migrates the schema and registers the services.
     *
     * @throws IllegalStateException when the migration fails; nothing is registered then
     */
    @Activate
    public JpaStore(BundleContext context,
            @Reference(target = "(osgi.unit.name=berth)") EntityManagerFactory emf,
            @Reference(target = "(osgi.jndi.service.name=berth)") DataSource dataSource) {
        JpaRepositories repos = JpaRepositories.open(emf, dataSource);
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(STORE_PROPERTY, "jpa");
        registrations.add(context.registerService(UnitOfWork.class, repos.unitOfWork(), props));
        registrations.add(context.registerService(DomainRepository.class, repos.domains(), props));
        registrations.add(context.registerService(ProjectRepository.class, repos.projects(), props));
        registrations.add(context.registerService(UserRepository.class, repos.users(), props));
        registrations.add(context.registerService(KeyPairRepository.class, repos.keyPairs(), props));
        registrations.add(context.registerService(KeyPairPolicyRepository.class, repos.keyPairPolicies(), props));
        registrations.add(context.registerService(UserPolicyRepository.class, repos.userPolicies(), props));
        registrations.add(context.registerService(ProjectPolicyRepository.class, repos.projectPolicies(), props));
        registrations.add(context.registerService(ResourcePresetRepository.class, repos.presets(), props));
        registrations.add(context.registerService(SettingsRepository.class, repos.settings(), props));
        registrations.add(context.registerService(PluginDataRepository.class, repos.pluginData(), props));
        registrations.add(context.registerService(AgentRepository.class, repos.agents(), props));
        registrations.add(context.registerService(ResourceGroupRepository.class, repos.resourceGroups(), props));
        registrations.add(context.registerService(SessionRepository.class, repos.sessions(), props));
        registrations.add(context.registerService(KeyPairReferences.class, repos.sessionKeyPairReferences(),
                props));
        registrations.add(context.registerService(RegistryRepository.class, repos.registries(), props));
        registrations.add(context.registerService(ImageRepository.class, repos.images(), props));
        registrations.add(context.registerService(VolumeRepository.class, repos.volumes(), props));
        registrations.add(context.registerService(FolderRepository.class, repos.folders(), props));
        registrations.add(context.registerService(QuotaRepository.class, repos.quotas(), props));
    }

    /** Withdraws the services, newest first. */
    @Deactivate
    public void deactivate() {
        for (int i = registrations.size() - 1; i >= 0; i--) {
            try {
                registrations.get(i).unregister();
            } catch (IllegalStateException alreadyGone) {
                // the framework has unregistered it already (bundle stopping)
            }
        }
        registrations.clear();
    }
}
