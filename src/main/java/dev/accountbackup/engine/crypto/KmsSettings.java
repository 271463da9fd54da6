package dev.accountbackup.engine.crypto;

import dev.accountbackup.engine.storage.AwsCredentials;
import java.net.URI;

/**
 * An AWS KMS key that wraps the data keys of backups.
 *
 * @param keyId       key id, ARN or alias ARN of the KMS key new backups are made under
 * @param region      null for the SDK's default region (AWS_REGION)
 * @param endpoint    null for AWS KMS itself (or the standard AWS_ENDPOINT_URL_KMS setting)
 * @param credentials null for the AWS default credentials chain
 */
public record KmsSettings(String keyId, String region, URI endpoint, AwsCredentials credentials) {}
