package io.berth.rest.internal;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Documents the entity of a resource method that returns a {@link javax.ws.rs.core.Response}, which the
 * OpenAPI generator cannot see from the signature: a record (or, with {@link #list()}, the list envelope of
 * such records) as JSON, and the media types of file downloads the method may answer instead.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@interface Answers {
    /** The JSON entity's type; {@code Void.class} for a method that answers only with a file ({@link #downloads}). */
    Class<?> value();

    /** Whether the entity is {@code {"items":[value…],"total","offset","limit"}}. */
    boolean list() default false;

    /** Other media types the method answers with a file (documented as a binary string). */
    String[] downloads() default {};

    /** The success status when it is not the usual one (201 for a POST, 204 for a DELETE, 200 otherwise). */
    int status() default 0;
}
