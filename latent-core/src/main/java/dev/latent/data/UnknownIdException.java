package dev.latent.data;

import java.util.NoSuchElementException;

/** An external user or item id that an {@link IdIndex} does not hold. */
public final class UnknownIdException extends NoSuchElementException {
    private static final long serialVersionUID = 1L;

    private final String kind;
    private final String id;

    public UnknownIdException(String kind, String id) {
        super("unknown " + kind + " '" + id + "'");
        this.kind = kind;
        this.id = id;
    }

    /** What the id names, such as "user" or "item". */
    public String kind() {
        return kind;
    }

    public String id() {
        return id;
    }
}
