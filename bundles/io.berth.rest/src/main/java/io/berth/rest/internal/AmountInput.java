package io.berth.rest.internal;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a request component that takes amounts as clients write them: a JSON number or a string such as
 * {@code "8g"} or {@code "inf"} (for a map: each of its values). The component is typed {@code Object} (or a
 * map of {@code Object}) and handed to core unparsed, so core's errors name the field; this annotation only
 * tells the OpenAPI document what the field accepts.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
@interface AmountInput {
}
