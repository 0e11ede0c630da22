/**
 * Node paths: the XPath-like addresses of nodes in a document ({@code /body/div[2]}, {@code //*[@id='x']}).
 */
@NullMarked
package pavel.path;

import org.jspecify.annotations.NullMarked;
