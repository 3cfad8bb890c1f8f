package io.berth.rest.internal;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import javax.ws.rs.NameBinding;

/**
 * Marks the agent protocol: requests that agents send with {@code Authorization: BerthAgent <token>} instead
 * of a keypair signature. Such a resource is also {@link io.berth.rest.api.Public} (the signature filter lets
 * it through); {@link AgentTokenFilter}, bound by this annotation, refuses a request without that header
 * before its body is read, and core checks the token itself. The OpenAPI document gives these operations the
 * {@code BerthAgent} security scheme.
 */
@NameBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@interface AgentAuth {
}
