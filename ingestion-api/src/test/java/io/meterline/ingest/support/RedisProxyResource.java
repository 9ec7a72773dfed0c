package io.meterline.ingest.support;

import java.util.Map;

import io.meterline.testing.TcpProxy;
import io.meterline.testing.TestEndpoints;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** Points the application's Redis client at a {@link TcpProxy} in front of the real Redis, so a test can cut it. */
public class RedisProxyResource implements QuarkusTestResourceLifecycleManager {

    private static TcpProxy proxy;

    public static synchronized TcpProxy proxy() {
        return proxy;
    }

    @Override
    public synchronized Map<String, String> start() {
        TestEndpoints endpoints = TestEndpoints.get();
        proxy = TcpProxy.start(endpoints.redisHost(), endpoints.redisPort());
        return Map.of("quarkus.redis.hosts", "redis://127.0.0.1:" + proxy.port() + "/" + endpoints.redisDatabase());
    }

    @Override
    public synchronized void stop() {
        if (proxy != null) {
            proxy.close();
        }
    }
}
