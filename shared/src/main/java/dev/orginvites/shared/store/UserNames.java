package dev.orginvites.shared.store;

import dev.orginvites.shared.text.DisplayNames;

/**
 * The names a user's token gives them, OpenID Connect's standard claims {@code name} (their full name, as they would
 * be shown) and {@code preferred_username}: what a membership shows as Snyk's user {@code name} and
 * {@code username}. Each is kept only when {@link DisplayNames} finds it fit to show, else null, so whatever stores
 * or shows them never holds a name a person would read wrongly.
 */
public record UserNames(String name, String username) {
    /** A user whose token carries neither name. */
    public static final UserNames NONE = new UserNames(null, null);

    public UserNames {
        name = DisplayNames.orNull(name);
        username = DisplayNames.orNull(username);
    }
}
