"""The moto internals moto_launcher.py patches or relies on, and the check, run before the launcher imports any of
them, that the installed moto still has every one.

The launcher changes moto's private code, which any release may change. requirements.txt pins the version it was
written for; with another version, the launcher stops at once, naming what is missing, instead of misbehaving later.
Attributes that only instances have (a table's items, a pool's clients) cannot be checked here: the integration tests
exercise them. test_moto_internals.py checks that this list names everything the launcher reaches through an import.
"""
import importlib
import importlib.metadata
import os
import re
import sys
import types

INTERNALS = [
    # 1. one request at a time
    "moto.server.DomainDispatcherApplication.__call__",
    "moto.server.main",
    # 2. transactions with an undo log
    "moto.dynamodb.models.copy",
    "moto.dynamodb.models.DynamoDBBackend.transact_write_items",
    "moto.dynamodb.models.dynamodb_backends",
    "moto.dynamodb.models.dynamo_type.DynamoType",
    "moto.dynamodb.models.table.Table",
    "moto.dynamodb.models.table.Table.get_item",
    # 3. Step Functions executions, parsed once, one client per service
    "moto.core.config.default_user_config",
    "moto.stepfunctions.parser.models.copy",
    "moto.stepfunctions.parser.models.stepfunctions_parser_backends",
    "moto.stepfunctions.parser.models.StepFunctionsParserBackend.start_execution",
    "moto.stepfunctions.parser.backend.execution_worker.ExecutionWorker._get_evaluation_entrypoint",
    "moto.stepfunctions.parser.asl.parse.asl_parser.AmazonStateLanguageParser.parse",
    "moto.stepfunctions.parser.asl.utils.json_path.parse",
    "moto.stepfunctions.parser.asl.component.common.path.result_path.parse",
    "moto.stepfunctions.parser.asl.utils.boto_client.boto_client_for",
    "moto.stepfunctions.parser.asl.component.state.exec.state_task.service.state_task_service_factory",
    # 4. Cognito's PostConfirmation trigger
    "moto.cognitoidp.models.CognitoIdpBackend.confirm_sign_up",
    "moto.cognitoidp.models.CognitoIdpBackend.admin_confirm_sign_up",
    "moto.cognitoidp.models.CognitoIdpBackend.admin_get_user",
    "moto.cognitoidp.models.CognitoIdpBackend.describe_user_pool",
    # 5. pipes
    "moto.pipes.models.pipes_backends.items",
    "moto.events.models.EventPattern.load",
    "moto.events.models.EventPattern.matches_event",
    # 6. Lambda invocations from workflows
    "moto.stepfunctions.parser.asl.component.state.exec.state_task.lambda_eval_utils._invoke_lambda_function",
    # 7. the email outbox
    "moto.sns.models.Subscription.publish",
    # 9. IAM
    "moto.core.authorization.ActionAuthenticatorMixin._authenticate_and_authorize_action",
    "moto.core.authorization.ActionAuthenticatorMixin.PUBLIC_OPERATIONS",
    "moto.core.responses.BaseResponse.get_access_key",
    "moto.core.responses.BaseResponse._get_action",
    "moto.core.exceptions.AccessDeniedError",
    "moto.core.exceptions.JsonRESTError",
    "moto.iam.access_control.IAMPolicyStatement.is_action_permitted",
    "moto.iam.access_control.IAMRequest.check_signature",
    "moto.iam.access_control.IAMRequest.check_action_permitted",
    "moto.iam.access_control.PermissionResult.NEUTRAL",
    "moto.iam.models.iam_backends.items",
    "moto.secretsmanager.models.secretsmanager_backends",
    "moto.utilities.utils.get_partition",
]

REQUIREMENTS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "requirements.txt")


def missing_internals(internals=INTERNALS, import_module=importlib.import_module):
    """The internals that are not there, each as "<dotted name> (why)". A name is followed from its first part: an
    attribute where the object has it, else a submodule to import."""
    missing = []
    for name in internals:
        parts = name.split(".")
        try:
            target = import_module(parts[0])
        except ImportError:
            if f"{parts[0]} (not installed)" not in missing:
                missing.append(f"{parts[0]} (not installed)")
            continue
        for i, part in enumerate(parts[1:], start=1):
            owner = ".".join(parts[:i])
            if hasattr(target, part):
                target = getattr(target, part)
                continue
            if isinstance(target, types.ModuleType):
                try:
                    target = import_module(f"{owner}.{part}")
                    continue
                except ModuleNotFoundError:
                    pass
                except Exception as error:  # the module is there but no longer imports
                    missing.append(f"{name} ({owner}.{part} fails to import: {error})")
                    break
            missing.append(f"{name} (no '{part}' in {owner})")
            break
    return missing


def pinned_moto_version(requirements=REQUIREMENTS):
    with open(requirements, encoding="utf-8") as lines:
        for line in lines:
            match = re.match(r"^moto(\[[^]]*\])?==(\S+)", line.strip())
            if match:
                return match[2]
    raise ValueError(f"{requirements} pins no version of moto")


def failure_message(missing, installed, pinned):
    return (f"moto_launcher: the installed moto ({installed}) lacks internals the launcher patches or uses; it was "
            f"written for moto {pinned} (requirements.txt). Missing:\n  " + "\n  ".join(missing) +
            f"\nInstall that version: python3 -m pip install 'moto[server]=={pinned}' (bash scripts/setup checks it).")


def check():
    """Exits at once, naming every missing internal and the pinned version, unless all of them are there."""
    missing = missing_internals()
    if missing:
        try:
            installed = importlib.metadata.version("moto")
        except importlib.metadata.PackageNotFoundError:
            installed = "not installed"
        print(failure_message(missing, installed, pinned_moto_version()), file=sys.stderr, flush=True)
        sys.exit(1)
