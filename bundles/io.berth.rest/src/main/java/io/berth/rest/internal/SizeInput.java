package io.berth.rest.internal;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a request component that takes a byte size as clients write it: a JSON number of bytes or a string
 * such as {@code "10g"} or {@code "1.5GiB"} ({@link io.berth.core.storage.Sizes}). The component is typed
 * {@code Object} and parsed by {@code Sizes}, whose errors name the field; this annotation only tells the
 * OpenAPI document what the field accepts.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
@interface SizeInput {
}
