/**
 * Karaf shell commands of scope {@code berth} over the core identity service: users, keypairs, domains and
 * projects. Implementation only; nothing here is exported.
 */
package io.berth.shell.internal;
