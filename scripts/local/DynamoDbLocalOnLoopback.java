import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import java.lang.reflect.Field;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * DynamoDB Local, listening on 127.0.0.1 only. Run as a single source file (Java 11+ source-file
 * mode, which needs the JDK's compiler module) with the emulator on the class path:
 *
 *   java -Djava.net.preferIPv4Stack=true -Djava.library.path=DynamoDBLocal_lib \
 *        -cp 'DynamoDBLocal.jar:DynamoDBLocal_lib/*' DynamoDbLocalOnLoopback.java -port 8000 -sharedDb ...
 *
 * Arguments are DynamoDB Local's own (`java -jar DynamoDBLocal.jar -help`).
 *
 * Why: DynamoDB Local 2.9.30 has no bind option; its DynamoDBProxyServer makes a Jetty 9.4
 * `new Server(port)`, whose one ServerConnector has no host and so listens on every interface.
 * Anyone who can reach the machine could then Scan or write the table past the API. This does
 * what its ServerRunner.main does (parse the arguments, build the server, start it), except that
 * each connector's host is set to 127.0.0.1 before the start, so the port is never open beyond
 * loopback, not even for a moment. The server is a private field, taken by reflection; a version
 * whose server is shaped otherwise is refused (exit 2) rather than started on every interface.
 * Telemetry is not set up: the local system always passes -disableTelemetry.
 */
public class DynamoDbLocalOnLoopback {
  private static final String LOOPBACK = "127.0.0.1";

  public static void main(String[] args) throws Exception {
    DynamoDBProxyServer proxy = ServerRunner.createServerFromCommandLineArgs(args);
    Server server;
    try {
      Field field = DynamoDBProxyServer.class.getDeclaredField("server");
      field.setAccessible(true);
      server = (Server) field.get(proxy);
    } catch (ReflectiveOperationException | ClassCastException e) {
      refuse("its server could not be reached (" + e + ")");
      return;
    }
    Connector[] connectors = server.getConnectors();
    if (connectors.length == 0) refuse("it has no connector");
    for (Connector connector : connectors) {
      if (!(connector instanceof ServerConnector)) refuse("its connector is a " + connector.getClass().getName());
      ((ServerConnector) connector).setHost(LOOPBACK);
    }
    try {
      proxy.start();
    } catch (Exception e) {
      // ServerRunner.main prints and keeps the JVM alive; exiting lets the caller see the failure at once.
      System.err.println("DynamoDB Local could not start: " + e);
      System.exit(1);
    }
  }

  private static void refuse(String why) {
    System.err.println(
        "DynamoDB Local を 127.0.0.1 だけで待ち受けるようにできないため起動しません: " + why + "\n"
            + "Not starting DynamoDB Local: it cannot be bound to 127.0.0.1 only: " + why);
    System.exit(2);
  }
}
