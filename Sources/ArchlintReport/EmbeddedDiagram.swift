/// A stack-environment's diagram as a reporter embeds it: drawn by the caller (reporters do
/// not see the model), or left out with the reason the page or comment shows instead.
public enum EmbeddedDiagram: Sendable, Equatable {
    /// Mermaid text (Markdown) or an `<svg>` element (HTML).
    case drawn(String)
    /// Too large to draw legibly, or the drawing failed: said in place of the picture.
    case omitted(reason: String)
}
