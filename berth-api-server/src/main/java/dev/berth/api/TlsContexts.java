package dev.berth.api;

import dev.berth.common.error.BerthException;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import javax.net.ssl.SSLException;

/** Builds the server TLS context from PEM files, as dockerd's --tlscert/--tlskey/--tlscacert. */
final class TlsContexts {
    private TlsContexts() {}

    static SslContext server(Listener.Tls tls) {
        try {
            var builder = SslContextBuilder.forServer(tls.cert().toFile(), tls.key().toFile());
            if (tls.caCert() != null) builder.trustManager(tls.caCert().toFile());
            builder.clientAuth(tls.verifyClients() ? ClientAuth.REQUIRE : ClientAuth.NONE);
            return builder.build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new BerthException.InvalidArgument("cannot load TLS material (" + tls.cert() + ", " + tls.key() + "): " + e.getMessage(), e);
        }
    }
}
