package dev.remotegpu.paperspace.checks;

import dev.remotegpu.core.profile.Product;
import java.util.Objects;

/**
 * What a notebook will hold, for the PS7 check.
 *
 * @param product the notebook product (free or paid)
 * @param confidentialCode whether proprietary or confidential code goes into it
 * @param secrets whether keys, tokens or passwords go into it
 */
public record NotebookContents(Product product, boolean confidentialCode, boolean secrets) {

  public NotebookContents {
    Objects.requireNonNull(product, "product");
  }
}
