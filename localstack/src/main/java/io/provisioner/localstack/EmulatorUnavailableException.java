package io.provisioner.localstack;

/** No emulator could be found or started; the message says how to get one. */
public class EmulatorUnavailableException extends RuntimeException {
  public EmulatorUnavailableException(String message) {
    super(message);
  }

  public EmulatorUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }

  static final String HOW_TO_GET_ONE =
      "Get one of: (1) AWS_ENDPOINT_URL pointing at a running LocalStack or moto server; "
          + "(2) a running Docker engine (LocalStack needs LOCALSTACK_AUTH_TOKEN; otherwise the motoserver/moto image is used); "
          + "(3) moto_server on PATH or under ~/.pyenv/versions/*/bin, e.g. pip install 'moto[server]==5.2.1'.";
}
