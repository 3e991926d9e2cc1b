export { canaryJudgeSettingsProblems, canaryJudgeSettingsSchema, JUDGE_DEPLOYMENT_DEFAULTS, judgeBaseUrl, resolveCanaryJudgeSettings, type CanaryJudgeSettings, type CanaryJudgeSettingsInput, type JudgeResources } from './args';
export { judgeAlertRules, judgeObjects, type JudgeObjectsInput, type JudgeServerBundle } from './render';
export { CanaryJudge, type CanaryJudgeArgs } from './judge';
