package io.berth.core.error;

/**
 * A well-formed request that the target cannot carry out as it is (422), e.g. setting a quota on a volume
 * whose storage backend has no quota capability.
 */
public class UnprocessableException extends BerthException {
    private static final long serialVersionUID = 1L;
    private final String type;

    public UnprocessableException(String message, String field, String type) {
        super(message, field);
        this.type = type;
    }

    @Override
    public int status() {
        return 422;
    }

    @Override
    public String type() {
        return type;
    }

    @Override
    public String title() {
        return "Unprocessable request";
    }
}
