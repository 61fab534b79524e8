package io.imagepic.web;

import java.util.Locale;
import java.util.Set;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import jakarta.validation.MessageInterpolator;

import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.hibernate.validator.spi.messageinterpolation.LocaleResolver;
import org.hibernate.validator.spi.messageinterpolation.LocaleResolverContext;

import io.quarkus.arc.Arc;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * Bean Validation's reasons (e.g. "bucketName 不能为空") in the language every other reason of the request is
 * given in: {@link Lang} decides, from Accept-Language, Chinese unless the client prefers English. Hibernate
 * Validator asks the application's resolvers before its own.
 * <p>
 * It also makes the message interpolator: {@link ParameterMessageInterpolator}, which fills in {@code {value}}
 * parameters but evaluates no Expression Language. The default one starts an EL engine (Expressly) while the
 * service starts, for messages that never use EL here (ours, and the built-in ones of the constraints the
 * service uses: NotNull, NotBlank, NotEmpty, Size, Pattern, Min, Max, Future). A constraint whose message
 * needs EL (DecimalMin/Max, Digits) would show its expression unevaluated: ValidationLanguageTest guards it.
 */
@Singleton
public class ValidationLanguage implements LocaleResolver {

    /** The languages of the bundles (quarkus.locales); the default is the seed's. */
    static final Set<Locale> LOCALES = Set.of(Locale.SIMPLIFIED_CHINESE, Locale.ENGLISH);

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

    /** Bundles are read when first needed, not while the service starts. */
    @Produces
    @Singleton
    MessageInterpolator messageInterpolator() {
        return interpolator(this);
    }

    static MessageInterpolator interpolator(LocaleResolver language) {
        return new ParameterMessageInterpolator(LOCALES, Locale.SIMPLIFIED_CHINESE, language, false);
    }
}
