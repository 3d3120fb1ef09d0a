package io.provisioner.localstack;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;

/** Small network checks used while looking for an emulator. */
public final class Endpoints {
  private Endpoints() {}

  /** True when an HTTP server answers at {@code endpoint} (any status code counts). */
  public static boolean answers(URI endpoint) {
    try (Socket socket = new Socket()) {
      int port = endpoint.getPort() > 0 ? endpoint.getPort() : 80;
      socket.connect(new InetSocketAddress(endpoint.getHost(), port), 1000);
    } catch (IOException e) {
      return false;
    }
    try {
      HttpURLConnection connection = (HttpURLConnection) endpoint.toURL().openConnection();
      connection.setConnectTimeout(1000);
      connection.setReadTimeout(3000);
      connection.getResponseCode();
      connection.disconnect();
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** A TCP port nobody listens on right now. */
  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new EmulatorUnavailableException("could not find a free local port", e);
    }
  }
}
