package dev.remotegpu.paperspace.checks;

import dev.remotegpu.core.LaunchRequest;
import java.util.Objects;

/**
 * A launch request and the operating system of the template it launches from, for the template check.
 *
 * @param request the launch request; every candidate machine type is checked
 * @param templateOperatingSystem the template's operating system as {@code GET /os-templates} labels it
 *     ({@code operatingSystemLabel}, for example "Ubuntu 22.04")
 */
public record TemplateChoice(LaunchRequest request, String templateOperatingSystem) {

  public TemplateChoice {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(templateOperatingSystem, "templateOperatingSystem");
  }
}
