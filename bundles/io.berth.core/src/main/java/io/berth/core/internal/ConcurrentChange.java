package io.berth.core.internal;

/**
 * Thrown inside a transaction when a compare-and-set lost against a concurrent change (a session's or
 * an agent allocation's version moved on); it rolls the transaction back and the work is redone on
 * fresh state.
 */
final class ConcurrentChange extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ConcurrentChange(String what) {
        super(what, null, false, false);
    }
}
