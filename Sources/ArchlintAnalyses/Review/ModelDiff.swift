import ArchlintFindings
import ArchlintLoad
import ArchlintModel

/// The structural difference between two workspaces (base and head): resources matched by
/// stack, environment, kind and name, compared field by field after the format's defaults.
public enum ModelDiff {
    /// Every added, removed and changed resource of the specs both sides check (context
    /// specs left out), ordered by stack, environment and resource.
    public static func changes(from base: Workspace, to head: Workspace) -> [ResourceChange] {
        []  // placeholder: the comparison is being written
    }
}
