package io.berth.persistence.jpa.internal;

import javax.persistence.EntityManagerFactory;
import javax.sql.DataSource;

/**
 * The unit of work, the repositories and the keypair references of sessions over one entity manager factory. Built without OSGi, so
 * tests can construct exactly what {@link JpaStore} registers.
 */
record JpaRepositories(JpaUnitOfWork unitOfWork, JpaDomainRepository domains, JpaProjectRepository projects,
        JpaUserRepository users, JpaKeyPairRepository keyPairs, JpaKeyPairPolicyRepository keyPairPolicies,
        JpaUserPolicyRepository userPolicies, JpaProjectPolicyRepository projectPolicies,
        JpaResourcePresetRepository presets, JpaSettingsRepository settings,
        JpaPluginDataRepository pluginData, JpaAgentRepository agents,
        JpaResourceGroupRepository resourceGroups, JpaSessionRepository sessions,
        SessionKeyPairReferences sessionKeyPairReferences, JpaRegistryRepository registries,
        JpaImageRepository images, JpaVolumeRepository volumes, JpaFolderRepository folders,
        JpaQuotaRepository quotas) {

    /**
     * Brings the schema up to date through {@code dataSource}, then builds the repositories over
     * {@code emf}, which must be the persistence unit {@code berth} over the same database.
     */
    static JpaRepositories open(EntityManagerFactory emf, DataSource dataSource) {
        new SchemaMigrator(dataSource).migrate();
        return over(emf);
    }

    /** The repositories over {@code emf}, without touching the schema. */
    static JpaRepositories over(EntityManagerFactory emf) {
        JpaUnitOfWork tx = new JpaUnitOfWork(emf);
        JpaSessionRepository sessions = new JpaSessionRepository(tx);
        return new JpaRepositories(tx, new JpaDomainRepository(tx), new JpaProjectRepository(tx),
                new JpaUserRepository(tx), new JpaKeyPairRepository(tx), new JpaKeyPairPolicyRepository(tx),
                new JpaUserPolicyRepository(tx), new JpaProjectPolicyRepository(tx),
                new JpaResourcePresetRepository(tx), new JpaSettingsRepository(tx),
                new JpaPluginDataRepository(tx), new JpaAgentRepository(tx), new JpaResourceGroupRepository(tx),
                sessions, new SessionKeyPairReferences(sessions), new JpaRegistryRepository(tx),
                new JpaImageRepository(tx), new JpaVolumeRepository(tx), new JpaFolderRepository(tx),
                new JpaQuotaRepository(tx));
    }
}
