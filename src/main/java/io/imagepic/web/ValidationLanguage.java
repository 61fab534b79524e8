package io.imagepic.web;

import java.util.Locale;

import jakarta.inject.Singleton;

import org.hibernate.validator.spi.messageinterpolation.LocaleResolver;
import org.hibernate.validator.spi.messageinterpolation.LocaleResolverContext;

import io.quarkus.arc.Arc;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * Bean Validation's reasons (e.g. "bucketName 不能为空") in the language every other reason of the request is
 * given in: {@link Lang} decides, from Accept-Language, Chinese unless the client prefers English. Hibernate
 * Validator asks the application's resolvers before its own.
 */
@Singleton
public class ValidationLanguage implements LocaleResolver {

    private final CurrentVertxRequest request;

    ValidationLanguage(CurrentVertxRequest request) {
        this.request = request;
    }

    @Override
    public Locale resolve(LocaleResolverContext context) {
        RoutingContext rc = Arc.container().requestContext().isActive() ? request.getCurrent() : null;
        String acceptLanguage = rc == null ? null : rc.request().getHeader("Accept-Language");
        return Lang.of(acceptLanguage) == Lang.EN ? Locale.ENGLISH : Locale.SIMPLIFIED_CHINESE;
    }
}
