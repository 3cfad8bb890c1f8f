package io.berth.core.auth;

import io.berth.core.identity.Caller;

/** An authenticated signed request: who it is and the rate limit of the keypair it used. */
public record Principal(Caller caller, int rateLimit) {
}
