// Tag names lineage records: MLflow's standard ones where MLflow 3.17.2 has one
// (mlflow/utils/mlflow_tags.py), `mlops.*` otherwise. MLflow's legacy `mlflow.gitRepoURL` and
// `mlflow.gitBranchName` are gone from 3.17.2 and are not written.

/** Tags on runs. */
export const lineageTag = {
  gitCommit: 'mlflow.source.git.commit',
  gitBranch: 'mlflow.source.git.branch',
  /** The remote's URL with any user name and password removed, as MLflow records it. */
  gitRepoUrl: 'mlflow.source.git.repoURL',
  /** 'true' when tracked files differ from HEAD (staged or not); untracked files do not count, as in MLflow. */
  gitDirty: 'mlflow.source.git.dirty',
  /** How many untracked, not ignored files the working tree holds (set only when there are some). */
  gitUntracked: 'mlops.source.git.untracked',
  /** The artifact path, within the pipeline run, of the working tree's patch against HEAD. */
  gitPatch: 'mlops.source.git.patch',
  /** `python3 --version` on PATH, e.g. '3.11.7'. */
  pythonVersion: 'mlops.python.version',
  /** JSON `[{path, digest, deltaVersion?}]` of a stage's outputs, when it fits in a tag value. */
  outs: 'mlops.outs',
} as const;

/** `mlops.env.<file>.sha256`: the SHA-256 (hex) of a requirements or lock file at the pipeline root. */
export function envFileTag(file: string): string {
  return `mlops.env.${file}.sha256`;
}

/** Tags on dataset inputs (MLflow's InputTag). */
export const inputTag = {
  /** MLflow's own: the role the dataset plays for the run; the workbench writes the stage's name. */
  context: 'mlflow.data.context',
  /** The full content digest, when the dataset's digest had to be shortened to MLflow's 36 characters. */
  digest: 'mlops.data.digest',
  /** A Delta table's version at the time of the run. */
  deltaVersion: 'mlops.delta.version',
} as const;

/** Artifact paths lineage writes, relative to a run's artifact root. */
export const lineageArtifact = {
  gitPatch: 'lineage/git.patch',
  outs: 'lineage/outs.json',
} as const;

/** MLflow's limit on a tag value (mlflow/utils/validation.py, MAX_TAG_VAL_LENGTH). */
export const MAX_TAG_VALUE = 8000;
