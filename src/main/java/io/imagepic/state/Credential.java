package io.imagepic.state;

/**
 * What a request's credential check needs of an account, in one read: the account's id and credential version
 * (a token carries both) and its rights now. Answered by {@link AccountStore#credential} without a worker hop.
 */
public record Credential(String userId, String phone, long credentialVersion, boolean admin, boolean disabled) {
}
