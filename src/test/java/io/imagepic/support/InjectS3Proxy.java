package io.imagepic.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Injects the JVM's S3 server ({@link TestServers.S3}), e.g. to stop it and watch the service cope; restart it in a finally.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface InjectS3Proxy {
}
