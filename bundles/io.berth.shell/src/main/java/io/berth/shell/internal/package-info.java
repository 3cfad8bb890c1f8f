/**
 * Karaf shell commands of scope {@code berth} over the core services: users, keypairs, domains and projects
 * (identity), second factors (status and disable only), resource policies and presets, system settings, slot
 * types and system information, agents and resource groups, container registries, their rescans and images.
 * Implementation only; nothing here is exported.
 */
package io.berth.shell.internal;
