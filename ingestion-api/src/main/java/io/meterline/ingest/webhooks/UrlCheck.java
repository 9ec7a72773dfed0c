package io.meterline.ingest.webhooks;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;

import io.meterline.common.webhook.WebhookAddresses;
import io.meterline.ingest.http.ApiException;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The registration-time check of an endpoint URL: its form ({@link WebhookAddresses#urlProblem}), then, unless
 * private addresses are allowed, every address its host resolves to. The sender checks again at every attempt.
 */
@ApplicationScoped
public class UrlCheck {

    private final boolean allowPrivate;

    public UrlCheck(WebhookAdminConfig config) {
        this.allowPrivate = config.allowPrivate();
    }

    /** 422 naming the url field when the endpoint cannot be reached safely; resolves off the event loop. */
    public Uni<Void> check(String url) {
        String host = WebhookAddresses.host(URI.create(url));
        if (allowPrivate) {
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom().item(() -> problem(host)).runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .map(problem -> {
                    if (problem != null) {
                        throw ApiException.invalid("url", problem);
                    }
                    return null;
                });
    }

    private static String problem(String host) {
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            return "host " + host + " does not resolve";
        }
        for (InetAddress address : addresses) {
            String refusal = WebhookAddresses.refusal(address);
            if (refusal != null) {
                return "resolves to " + address.getHostAddress() + ", which " + refusal
                        + "; webhooks go to public addresses only";
            }
        }
        return null;
    }
}
