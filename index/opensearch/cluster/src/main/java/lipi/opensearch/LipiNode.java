package lipi.opensearch;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.logging.log4j.LogManager;
import org.opensearch.analysis.common.CommonAnalysisPlugin;
import org.opensearch.common.logging.LogConfigurator;
import org.opensearch.common.settings.Settings;
import org.opensearch.env.Environment;
import org.opensearch.node.InternalSettingsPreparer;
import org.opensearch.node.Node;
import org.opensearch.painless.PainlessPlugin;
import org.opensearch.plugins.Plugin;
import org.opensearch.transport.Netty4Plugin;

/**
 * One OpenSearch node in this JVM, with the plugins a distribution would load
 * from its modules folder given as classpath plugins instead: Maven Central
 * has the server and plugin jars but no distribution to unpack.
 *
 * <p>Arguments are settings, {@code name=value} each (cluster.name,
 * node.name, path.home, ports, discovery). The node runs until the JVM is
 * told to stop (SIGTERM closes it cleanly; SIGKILL is what fault tests use).
 */
public final class LipiNode extends Node {

    /** What a distribution loads from modules/ and plugins/ that lipi needs. */
    static final List<Class<? extends Plugin>> PLUGINS = List.of(Netty4Plugin.class, CommonAnalysisPlugin.class, PainlessPlugin.class);

    private LipiNode(Environment environment) {
        // forbidPrivateIndexSettings=true: as a distribution's node, so that
        // lipi cannot come to depend on settings a real cluster refuses.
        super(environment, PLUGINS, true);
    }

    public static void main(String[] args) throws Exception {
        Settings.Builder builder = Settings.builder();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq <= 0) {
                System.err.println("lipi OpenSearch node: want name=value arguments, got: " + arg);
                System.exit(2);
            }
            builder.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        Settings settings = builder.build();
        String nodeName = settings.get("node.name", "node");
        Environment env = InternalSettingsPreparer.prepareEnvironment(settings, Collections.emptyMap(), null, () -> nodeName);

        // OpenSearch's own logging setup (logger.* settings, its layouts),
        // fed a console-only config: the Go side sends each JVM's stdout to
        // a log file of its own.
        Files.createDirectories(env.configFile());
        try (InputStream in = LipiNode.class.getResourceAsStream("log4j2.properties")) {
            Files.copy(in, env.configFile().resolve("log4j2.properties"), StandardCopyOption.REPLACE_EXISTING);
        }
        LogConfigurator.registerErrorListener();
        LogConfigurator.setNodeName(nodeName);
        LogConfigurator.configure(env);

        LipiNode node = new LipiNode(env);
        CountDownLatch closed = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                node.close();
                node.awaitClose(20, TimeUnit.SECONDS);
            } catch (IOException | InterruptedException e) {
                e.printStackTrace();
            } finally {
                closed.countDown();
                // log4j's own hook is off (-Dlog4j.shutdownHookEnabled=false)
                // so that the node's last lines are still written.
                LogManager.shutdown();
            }
        }, "lipi-node-shutdown"));
        node.start();
        // The node's threads are daemons: keep the JVM up until the hook ran.
        closed.await();
    }
}
