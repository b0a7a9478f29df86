package dev.thaw.data.split;

/**
 * The four cold-start scenarios of MeLU's protocol, by whether the user and the item existed
 * (were available for training) or are new.
 */
public enum Scenario {
    /** Existing users, existing items. */
    WARM(false, false),
    /** New users, existing items. */
    USER_COLD(true, false),
    /** Existing users, new items. */
    ITEM_COLD(false, true),
    /** New users, new items. */
    USER_AND_ITEM_COLD(true, true);

    private final boolean newUsers;
    private final boolean newItems;

    Scenario(boolean newUsers, boolean newItems) {
        this.newUsers = newUsers;
        this.newItems = newItems;
    }

    /** True when the scenario's users are new. */
    public boolean newUsers() {
        return newUsers;
    }

    /** True when the scenario's items are new. */
    public boolean newItems() {
        return newItems;
    }

    /** The scenario of a (user, item) cell. */
    public static Scenario of(boolean newUser, boolean newItem) {
        return newUser ? (newItem ? USER_AND_ITEM_COLD : USER_COLD) : (newItem ? ITEM_COLD : WARM);
    }
}
