package io.provisioner.steps.network.transitgateway;

import java.util.Optional;

/** An IPv4 CIDR block in canonical form (no host bits set), e.g. {@code 10.0.0.0/8}. */
record Cidr(long address, int prefix) {

  /** The block, or empty when the text is not a canonical IPv4 CIDR. */
  static Optional<Cidr> parse(String text) {
    if (text == null || !text.matches("\\d{1,3}(\\.\\d{1,3}){3}/\\d{1,2}")) {
      return Optional.empty();
    }
    String[] parts = text.split("/");
    int prefix = Integer.parseInt(parts[1]);
    if (prefix > 32) {
      return Optional.empty();
    }
    long address = 0;
    for (String octet : parts[0].split("\\.")) {
      int value = Integer.parseInt(octet);
      if (value > 255) {
        return Optional.empty();
      }
      address = (address << 8) | value;
    }
    Cidr cidr = new Cidr(address, prefix);
    return (address & ~cidr.mask() & 0xFFFFFFFFL) == 0 ? Optional.of(cidr) : Optional.empty();
  }

  /** True when every address of {@code other} is inside this block. */
  boolean contains(Cidr other) {
    return other.prefix >= prefix && (other.address & mask()) == address;
  }

  private long mask() {
    return prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
  }
}
