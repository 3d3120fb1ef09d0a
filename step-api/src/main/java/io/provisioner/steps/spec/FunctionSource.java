package io.provisioner.steps.spec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Reads the sources of a Lambda function named in the profile: every file of a folder under
 * {@code src/functions/} (e.g. {@code db-credentials-rotation}), by its path relative to that
 * folder with {@code /} as separator. Injected into spec records while the profile is loaded (like
 * {@link PolicySource}), so a missing or empty folder is a config error, found before any AWS call.
 *
 * <p>Left out, because they are not sources: hidden files and folders (a name starting with
 * {@code .}, e.g. {@code .gitignore}), {@code __pycache__} folders and {@code *.pyc} files, which
 * differ between machines and would change the package's hash without changing the function.
 */
@FunctionalInterface
public interface FunctionSource {

  /**
   * @param directory the folder's name relative to the functions folder
   * @return relative path to content, in path order
   * @throws IllegalArgumentException naming the folder when it is missing, empty or unreadable
   */
  Map<String, byte[]> read(String directory);

  /** Reads function folders from disk, below {@code functionsRoot} (the repository's {@code src/functions}). */
  static FunctionSource directory(Path functionsRoot) {
    Path root = functionsRoot.toAbsolutePath().normalize();
    return name -> {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("a function folder name is required (a folder under " + root + ")");
      }
      Path folder = root.resolve(name).normalize();
      if (!folder.startsWith(root) || folder.equals(root)) {
        throw new IllegalArgumentException("function folder " + name + " points outside " + root);
      }
      if (!Files.isDirectory(folder)) {
        throw new IllegalArgumentException("function folder " + folder + " does not exist");
      }
      Map<String, byte[]> files = new TreeMap<>();
      try (Stream<Path> paths = Files.walk(folder)) {
        for (Path file : paths.filter(Files::isRegularFile).sorted().toList()) {
          String relative = folder.relativize(file).toString().replace('\\', '/');
          if (isSource(relative)) {
            files.put(relative, Files.readAllBytes(file));
          }
        }
      } catch (IOException | UncheckedIOException e) {
        throw new IllegalArgumentException("function folder " + folder + " cannot be read: " + e.getMessage(), e);
      }
      if (files.isEmpty()) {
        throw new IllegalArgumentException("function folder " + folder + " has no files");
      }
      return files;
    };
  }

  /** False for what is not a source: hidden files or folders, {@code __pycache__} and {@code *.pyc}. */
  static boolean isSource(String relativePath) {
    for (String part : relativePath.split("/")) {
      if (part.startsWith(".") || part.equals("__pycache__")) {
        return false;
      }
    }
    return !relativePath.endsWith(".pyc");
  }
}
