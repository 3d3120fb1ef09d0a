package io.provisioner.steps.network.vpc;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * IPv4 CIDR arithmetic for the VPC spec, and the layout of seed 004: for the AZ at index {@code i},
 * the public subnet is the {@code i}-th /24 of the VPC, app the {@code 10+i}-th, data the {@code
 * 20+i}-th and management the {@code 30+i}-th (10.0.0.0/24, 10.0.10.0/24, 10.0.20.0/24,
 * 10.0.30.0/24 for the first AZ of 10.0.0.0/16).
 */
public final class SubnetPlanner {

  private SubnetPlanner() {}

  /**
   * An IPv4 block: its first address and prefix length. Host bits must be zero.
   *
   * @param address the first address as an unsigned 32-bit value
   * @param prefix 0-32
   */
  public record Cidr(long address, int prefix) {
    public Cidr {
      if (prefix < 0 || prefix > 32) {
        throw new IllegalArgumentException("prefix must be 0-32, was " + prefix);
      }
      if (address < 0 || address > 0xFFFF_FFFFL) {
        throw new IllegalArgumentException("address out of range: " + address);
      }
      if ((address & ~mask(prefix) & 0xFFFF_FFFFL) != 0) {
        throw new IllegalArgumentException(format(address) + "/" + prefix + " has host bits set; did you mean "
            + format(address & mask(prefix)) + "/" + prefix + "?");
      }
    }

    /** Parses {@code a.b.c.d/n}; the message of the exception says what is wrong. */
    public static Cidr parse(String text) {
      if (text == null || text.isBlank()) {
        throw new IllegalArgumentException("is required (a CIDR block like 10.0.0.0/16)");
      }
      String[] parts = text.trim().split("/", -1);
      if (parts.length != 2) {
        throw new IllegalArgumentException(text + " is not a CIDR block like 10.0.0.0/16");
      }
      String[] octets = parts[0].split("\\.", -1);
      if (octets.length != 4) {
        throw new IllegalArgumentException(text + " is not a CIDR block like 10.0.0.0/16");
      }
      long address = 0;
      for (String octet : octets) {
        int value = number(octet, 255, text);
        address = (address << 8) | value;
      }
      return new Cidr(address, number(parts[1], 32, text));
    }

    /** The block, or empty when the text is not a valid CIDR. */
    public static Optional<Cidr> tryParse(String text) {
      try {
        return Optional.of(parse(text));
      } catch (IllegalArgumentException e) {
        return Optional.empty();
      }
    }

    public long last() {
      return address + size() - 1;
    }

    public long size() {
      return 1L << (32 - prefix);
    }

    /** True when {@code other} lies completely inside this block. */
    public boolean contains(Cidr other) {
      return other.prefix >= prefix && other.address >= address && other.last() <= last();
    }

    /** True when the two blocks share at least one address. */
    public boolean overlaps(Cidr other) {
      return address <= other.last() && other.address <= last();
    }

    /** The {@code index}-th block of {@code newPrefix} inside this one. */
    public Cidr subnet(int newPrefix, int index) {
      if (newPrefix < prefix) {
        throw new IllegalArgumentException("/" + newPrefix + " is larger than " + this);
      }
      long count = 1L << (newPrefix - prefix);
      if (index < 0 || index >= count) {
        throw new IllegalArgumentException(this + " holds only " + count + " /" + newPrefix + " blocks, not "
            + (index + 1));
      }
      return new Cidr(address + index * (1L << (32 - newPrefix)), newPrefix);
    }

    @Override
    public String toString() {
      return format(address) + "/" + prefix;
    }

    private static long mask(int prefix) {
      return prefix == 0 ? 0 : (0xFFFF_FFFFL << (32 - prefix)) & 0xFFFF_FFFFL;
    }

    private static String format(long address) {
      return ((address >> 24) & 255) + "." + ((address >> 16) & 255) + "." + ((address >> 8) & 255) + "."
          + (address & 255);
    }

    private static int number(String text, int max, String whole) {
      if (!text.matches("\\d{1,3}") || Integer.parseInt(text) > max) {
        throw new IllegalArgumentException(whole + " is not a CIDR block like 10.0.0.0/16");
      }
      return Integer.parseInt(text);
    }
  }

  public static Cidr parse(String text) {
    return Cidr.parse(text);
  }

  public static boolean contains(String outer, String inner) {
    return Cidr.parse(outer).contains(Cidr.parse(inner));
  }

  public static boolean overlaps(String a, String b) {
    return Cidr.parse(a).overlaps(Cidr.parse(b));
  }

  /**
   * The seed 004 layout for a VPC and its AZs: /24 subnets at tier base 0/10/20/30 plus the AZ's
   * index.
   *
   * @throws IllegalArgumentException when the VPC has no room for 30 + (number of AZs) /24 blocks
   *     (a /19 holds 2 AZs, a /18 up to 6)
   */
  public static VpcSpec.Tiers plan(String vpcCidr, List<String> azs) {
    Cidr vpc = Cidr.parse(vpcCidr);
    Objects.requireNonNull(azs, "azs");
    if (vpc.prefix() > 24) {
      throw new IllegalArgumentException(vpc + " is smaller than one /24");
    }
    Map<Tier, Map<String, String>> tiers = new LinkedHashMap<>();
    for (Tier tier : Tier.values()) {
      Map<String, String> byAz = new LinkedHashMap<>();
      for (int i = 0; i < azs.size(); i++) {
        byAz.put(azs.get(i), vpc.subnet(24, tier.base() + i).toString());
      }
      tiers.put(tier, byAz);
    }
    return new VpcSpec.Tiers(tiers.get(Tier.PUBLIC), tiers.get(Tier.APP), tiers.get(Tier.DATA),
        tiers.get(Tier.MANAGEMENT));
  }
}
