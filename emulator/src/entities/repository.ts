/** Linked repository branches, as environments (self-managed provisioning) and account settings hold them. */
import type { RepositoryBranchInput } from "@aws-sdk/client-proton";
import { arnResource } from "../arn";
import type { OperationContext } from "../operations";

export interface RepositoryBranch {
  arn: string;
  provider: "GITHUB" | "GITHUB_ENTERPRISE" | "BITBUCKET";
  name: string;
  branch: string;
}

/** The branch record of a (validated) RepositoryBranchInput, with the repository's ARN. */
export function repositoryBranch(ctx: OperationContext, input: RepositoryBranchInput): RepositoryBranch {
  const provider = input.provider as RepositoryBranch["provider"];
  const name = input.name as string;
  return {
    arn: ctx.arn(arnResource.repository(provider, name)),
    provider,
    name,
    branch: input.branch as string,
  };
}
