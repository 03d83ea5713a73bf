/**
 * The paths in a target's output folder that are the user's (`userPaths`: globs relative to that
 * folder, such as Terraform state in any stack folder). The writer leaves every file it did not
 * write alone anyway; these say which of them are expected there, for `--check` and the docs.
 */
import picomatch from 'picomatch';

export interface UserPathsOwner {
  id: string;
  userPaths?: readonly string[] | undefined;
}

/** A test for paths relative to the whole output folder (`<target id>/…`). */
export function userPathTest(targets: readonly UserPathsOwner[]): (file: string) => boolean {
  const matchers = new Map(targets.filter((target) => target.userPaths?.length).map((target) => [target.id, picomatch(target.userPaths as string[], { dot: true })]));
  return (file) => {
    const slash = file.indexOf('/');
    const matcher = slash > 0 ? matchers.get(file.slice(0, slash)) : undefined;
    return matcher !== undefined && matcher(file.slice(slash + 1));
  };
}
