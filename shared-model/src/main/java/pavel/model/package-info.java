/**
 * Documents: trees of {@link pavel.model.Element} and {@link pavel.model.Text} under a {@code <body>} root, their
 * canonical HTML, the sanitizing fragment parser and the document hash.
 */
@NullMarked
package pavel.model;

import org.jspecify.annotations.NullMarked;
