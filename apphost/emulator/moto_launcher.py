"""Starts moto's server (same arguments as `moto_server`) as BStore's local AWS, with the fixes and the few
AWS behaviours BStore relies on that moto lacks. Each one is small and named below.

1. Isolated DynamoDB transactions. moto answers requests on parallel threads without isolating transactions
   from one another: two TransactWriteItems whose conditions exclude each other can both succeed, which real
   DynamoDB never allows. BStore's no-lost-update guarantees rest on those conditions, so requests are handled
   one at a time (moto is CPU-bound Python under the GIL, so little throughput is lost). Cognito requests are
   the exception: a confirmation calls the API (item 4), which calls back into the emulator, so they take turns
   on a lock of their own (moto's Cognito is not thread-safe either: concurrent sign-ups failed with 500s).
2. Cheap transactions. moto deep-copies a whole table, stream records included, for every item of every
   TransactWriteItems, so each write costs more than the last (20 ms at 400 items, 70 ms at 2,000). Here a
   transaction keeps an undo log instead: the previous version of each item it writes, put back (and the
   stream records it added trimmed) if it fails. Its cost no longer grows with the table.
3. Step Functions executions run (as in AWS), and a second execution of a state machine works: moto's clone of
   the state machine deep-copies its past executions (and, once a task has run, its backend), whose locks cannot
   be copied ("cannot pickle RLock").
   Each definition and each JSONPath is parsed once rather than once per execution (moto's parsing made each
   execution cost about a second of CPU).
4. Cognito's PostConfirmation trigger: moto stores a user pool's LambdaConfig but never invokes it. Here a
   confirmation (ConfirmSignUp or AdminConfirmSignUp) posts the trigger event to the function's local address,
   given as BSTORE_EMULATOR_FUNCTIONS="<function name>=<url>[;...]", and waits for it, as Cognito does. Each event
   carries the per-run secret BSTORE_LAMBDA_EVENTS_TOKEN (header X-BStore-Lambda-Events-Token): outside Lambda the API
   takes events from nobody else.
5. EventBridge Pipes from DynamoDB streams to Step Functions: moto stores pipes but runs none. Here a running
   pipe's stream records, filtered by its FilterCriteria, start executions of its target, one record per
   execution, named after the stream record (a record is never delivered twice).
6. Lambda invocations from Step Functions (lambda:invoke, the order workflow's steps): moto would run the
   function in Docker. Here the payload is posted to the function's local address (as in item 4); a 5xx answer
   is a failed invocation, as the Lambda Web Adapter's AWS_LWA_ERROR_STATUS_CODES makes it in AWS.
7. An email outbox: moto drops messages for email subscriptions. Here each message delivered to an email
   subscription (after its filter policy) is kept and listed at GET /bstore-emulator/emails.
8. Faults on demand, for the reliability tests (POST /bstore-emulator/faults, JSON):
   {"outageSeconds": S} refuses every DynamoDB request for S seconds with 503 ServiceUnavailable, as an
   unreachable service looks to the SDK; {"throttle": {"error": "ThrottlingException" or
   "ProvisionedThroughputExceededException", "match": text, "count": N}} answers the next N DynamoDB requests
   whose body contains the text (e.g. one shopper's id) with that error; {"clear": true} ends every fault.
9. IAM, enforced as AWS does it, for the credentials the emulator issued (sts:AssumeRole of a role created in it):
   the local API runs with such credentials, for a role holding the template's statements (apphost/LocalAws/TemplateRole.cs),
   so a grant missing from the template fails locally. moto checks IAM only after INITIAL_NO_AUTH_ACTION_COUNT
   requests and then for every caller, and it authorizes every service but S3, SQS, IAM and STS against the resource
   "*", so that a statement scoped to a table denies everything. Here every request signed with issued credentials is
   checked, each against the ARNs AWS authorizes it on: the table (or its index for a Query or Scan naming one), each
   table of a batch, each item of a transaction with its own action (PutItem, UpdateItem, DeleteItem,
   ConditionCheckItem, GetItem), the topic, subscription or endpoint (SNS), the state machine or execution (Step
   Functions), the secret (Secrets Manager), the user pool (Cognito); S3's bucket and key moto computes itself. A
   statement's conditions are evaluated on the request's keys (aws:RequestedRegion, aws:SecureTransport, s3:prefix,
   s3:delimiter, s3:max-keys) with StringEquals, StringNotEquals, StringLike, StringNotLike and Bool; a condition
   with another operator never holds (moto evaluates conditions only in trust policies, and turns an Allow whose
   condition fails into a Deny). A denial answers as the service does (AccessDeniedException, AuthorizationError,
   S3's AccessDenied). Requests
   with any other credentials (set-up, tests, moto's own calls from workflows) and Cognito's unsigned public
   operations are not checked. Signatures are checked too, except S3's (moto computes some of them differently from
   AWSSDK.S3).
"""
import copy
import datetime
import functools
import io
import json
import os
import re
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid

import moto_internals

moto_internals.check()  # before importing any of them: another moto version fails here, naming what it lacks

import moto.server as server  # noqa: E402 (after the check)
from moto.cognitoidp import models as cognito_models
from moto.core.authorization import ActionAuthenticatorMixin
from moto.core.config import default_user_config
from moto.core.exceptions import AccessDeniedError, JsonRESTError
from moto.dynamodb import models as dynamodb_models
from moto.dynamodb.models.dynamo_type import DynamoType
from moto.dynamodb.models.table import Table
from moto.events.models import EventPattern
from moto.iam import access_control
from moto.iam.models import iam_backends
from moto.pipes.models import pipes_backends
from moto.secretsmanager.models import secretsmanager_backends
from moto.sns import models as sns_models
from moto.stepfunctions.parser import models as stepfunctions_models
from moto.stepfunctions.parser.asl.component.common.path import result_path as result_path_module
from moto.stepfunctions.parser.asl.parse.asl_parser import AmazonStateLanguageParser
from moto.stepfunctions.parser.asl.component.state.exec.state_task.service import state_task_service_factory  # noqa: F401 (loads every integration)
from moto.stepfunctions.parser.asl.component.state.exec.state_task import lambda_eval_utils
from moto.stepfunctions.parser.asl.utils import json_path as json_path_module
from moto.stepfunctions.parser.asl.utils.boto_client import boto_client_for as _boto_client_for
from moto.stepfunctions.parser.backend.execution_worker import ExecutionWorker
from moto.utilities.utils import get_partition

EMAILS_PATH = "/bstore-emulator/emails"
FAULTS_PATH = "/bstore-emulator/faults"

# 1. One request at a time, and one Cognito request at a time on a lock of its own.
_one_at_a_time = threading.Lock()
_one_cognito_at_a_time = threading.Lock()
_dispatch = server.DomainDispatcherApplication.__call__


def _serialized(self, environ, start_response):
    if environ.get("PATH_INFO") == EMAILS_PATH:
        return _emails(environ, start_response)
    if environ.get("PATH_INFO") == FAULTS_PATH:
        return _set_faults(environ, start_response)
    if environ.get("HTTP_X_AMZ_TARGET", "").startswith("DynamoDB_"):
        fault = _fault_for(environ)
        if fault is not None:
            return _answer(start_response, *fault)
    if environ.get("HTTP_X_AMZ_TARGET", "").startswith("AWSCognitoIdentityProviderService."):
        with _one_cognito_at_a_time:
            return _dispatch(self, environ, start_response)
    with _one_at_a_time:
        return _dispatch(self, environ, start_response)


server.DomainDispatcherApplication.__call__ = _serialized


# 2. Transactions roll back from an undo log: the previous version of each item they write, not a copy of every table.
class _NoTableCopies:
    """moto's transact_write_items deep-copies each table it writes to; here the table itself is its own "copy"."""

    @staticmethod
    def deepcopy(value, memo=None):
        return value if isinstance(value, Table) else copy.deepcopy(value, memo)


dynamodb_models.copy = _NoTableCopies
_transact_write_items = dynamodb_models.DynamoDBBackend.transact_write_items


def _written_items(backend, transact_items):
    """(table, hash key, range key) of every item the transaction may write, before it does."""
    for entry in transact_items:
        op_type, op = next(iter(entry.items()))
        table = backend.tables.get(op.get("TableName")) if isinstance(op, dict) else None
        if table is None or op_type not in ("Put", "Update", "Delete"):
            continue
        key = op.get("Item") if op_type == "Put" else op.get("Key")
        if not isinstance(key, dict) or table.hash_key_attr not in key:
            continue
        range_key = key.get(table.range_key_attr) if table.range_key_attr else None
        if table.range_key_attr and range_key is None:
            continue
        yield table, DynamoType(key[table.hash_key_attr]), None if range_key is None else DynamoType(range_key)


def _restore(table, hash_key, range_key, previous):
    if range_key is None:
        if previous is None:
            table.items.pop(hash_key, None)
        else:
            table.items[hash_key] = previous
        return
    if previous is None:
        table.items.get(hash_key, {}).pop(range_key, None)
        if hash_key in table.items and not table.items[hash_key]:
            del table.items[hash_key]
    else:
        table.items[hash_key][range_key] = previous


def _transact_with_undo_log(self, transact_items):
    stream_lengths = {name: len(table.stream_shard.items) for name, table in self.tables.items() if table.stream_shard}
    undo = [(table, hash_key, range_key, copy.deepcopy(table.get_item(hash_key, range_key)))
            for table, hash_key, range_key in _written_items(self, transact_items)]
    try:
        return _transact_write_items(self, transact_items)
    except BaseException:
        for table, hash_key, range_key, previous in reversed(undo):
            _restore(table, hash_key, range_key, previous)
        for name, length in stream_lengths.items():
            if name in self.tables and self.tables[name].stream_shard is not None:
                del self.tables[name].stream_shard.items[length:]
        raise


dynamodb_models.DynamoDBBackend.transact_write_items = _transact_with_undo_log


# 3. Executions run; a state machine's clone leaves its past executions behind.
default_user_config["stepfunctions"] = {"execute_state_machine": True}
_clone_lock = threading.Lock()


class _CloneWithoutExecutions:
    @staticmethod
    def deepcopy(value, memo=None):
        executions = getattr(value, "executions", None)
        if executions is None:
            return copy.deepcopy(value, memo)
        memo = {} if memo is None else memo
        backend = getattr(value, "backend", None)
        if backend is not None:
            memo[id(backend)] = backend  # the clone refers to the same backend; copying it would copy every execution
        with _clone_lock:
            value.executions = []
            try:
                return copy.deepcopy(value, memo)
            finally:
                value.executions = executions


stepfunctions_models.copy = _CloneWithoutExecutions

# ... and parse each definition once: moto parses it (ANTLR in Python, about 70 ms) for every execution. Each
# execution gets its own copy of the parsed program (about 4 ms), so executions share no state.
_parsed_programs = {}


def _parsed_once(self):
    definition = self._evaluation_details.state_machine_details.definition
    if definition not in _parsed_programs:
        _parsed_programs[definition] = AmazonStateLanguageParser.parse(definition)[0]
    return copy.deepcopy(_parsed_programs[definition])


ExecutionWorker._get_evaluation_entrypoint = _parsed_once

# ... and each JSONPath once: jsonpath_ng builds a new ply parser, tables and all, for every expression it parses,
# which made each execution cost about a second of CPU and starved every request meanwhile.
json_path_module.parse = functools.lru_cache(maxsize=4096)(json_path_module.parse)
result_path_module.parse = functools.lru_cache(maxsize=4096)(result_path_module.parse)

# ... and make one AWS client per service, not one per task (each costs about 15 ms of CPU). botocore clients are
# safe to share between threads once made.
# (These clients carry moto's own fixed credentials, which item 9 does not check, so the state's credentials need not
# be part of the key.)
_clients_lock = threading.Lock()
_clients = {}


def _one_client_per_service(region, service, state_credentials=None):
    with _clients_lock:
        if (region, service) not in _clients:
            _clients[(region, service)] = _boto_client_for(region, service, state_credentials)
        return _clients[(region, service)]


for _module in list(sys.modules.values()):
    if getattr(_module, "boto_client_for", None) is _boto_client_for:
        _module.boto_client_for = _one_client_per_service


# 4. Cognito's PostConfirmation trigger.
def _function_urls():
    urls = {}
    for entry in os.environ.get("BSTORE_EMULATOR_FUNCTIONS", "").split(";"):
        name, _, url = entry.partition("=")
        if name.strip() and url.strip():
            urls[name.strip()] = url.strip()
    return urls


def _function_name(function):
    # a name, name:alias, or arn:aws:lambda:region:account:function:name[:alias]
    return function.split(":")[6] if function.startswith("arn:") else function.partition(":")[0]


def _post_event(function, event, timeout):
    """Delivers a Lambda event to the local process standing in for the function, as the Lambda Web Adapter
    would (POST /events); answers the HTTP status and the parsed body."""
    name = _function_name(function)
    url = _function_urls().get(name)
    if url is None:
        raise JsonRESTError("ResourceNotFoundException", f"No local address for function '{name}' (BSTORE_EMULATOR_FUNCTIONS).")
    context = {"request_id": str(uuid.uuid4()), "deadline": int((time.time() + timeout) * 1000), "invoked_function_arn": function}
    request = urllib.request.Request(
        url, data=json.dumps(event).encode(), method="POST",
        headers={"Content-Type": "application/json", "x-amzn-lambda-context": json.dumps(context),
                 "X-BStore-Lambda-Events-Token": os.environ.get("BSTORE_LAMBDA_EVENTS_TOKEN", "")})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        body = error.read()
        try:
            return error.code, json.loads(body or b"{}")
        except ValueError:
            return error.code, {"body": body.decode(errors="replace")}


def _invoke(function_arn, event):
    try:
        status, body = _post_event(function_arn, event, timeout=10)
    except Exception as error:  # Cognito reports any trigger failure this way
        raise JsonRESTError("UnexpectedLambdaException", f"PostConfirmation failed with error {error}.") from error
    if status >= 400:
        raise JsonRESTError("UnexpectedLambdaException", f"PostConfirmation failed with status {status}.")
    return body


def _post_confirmation(pool, user, client_id):
    function_arn = (pool.extended_config.get("LambdaConfig") or {}).get("PostConfirmation")
    if not function_arn:
        return
    attributes = {a["Name"]: a["Value"] for a in user.attributes}
    attributes.setdefault("sub", user.id)
    attributes["cognito:user_status"] = "CONFIRMED"
    _invoke(function_arn, {
        "version": "1",
        "region": pool.region,
        "userPoolId": pool.id,
        "userName": user.username,
        "callerContext": {"awsSdkVersion": "bstore-emulator", "clientId": client_id or "CLIENT_ID_NOT_APPLICABLE"},
        "triggerSource": "PostConfirmation_ConfirmSignUp",
        "request": {"userAttributes": attributes},
        "response": {},
    })


_confirm_sign_up = cognito_models.CognitoIdpBackend.confirm_sign_up
_admin_confirm_sign_up = cognito_models.CognitoIdpBackend.admin_confirm_sign_up


def _confirm_sign_up_with_trigger(self, client_id, username):
    result = _confirm_sign_up(self, client_id, username)
    pool = next(p for p in self.user_pools.values() if client_id in p.clients)
    _post_confirmation(pool, self.admin_get_user(pool.id, username), client_id)
    return result


def _admin_confirm_sign_up_with_trigger(self, user_pool_id, username):
    result = _admin_confirm_sign_up(self, user_pool_id, username)
    _post_confirmation(self.describe_user_pool(user_pool_id), self.admin_get_user(user_pool_id, username), None)
    return result


cognito_models.CognitoIdpBackend.confirm_sign_up = _confirm_sign_up_with_trigger
cognito_models.CognitoIdpBackend.admin_confirm_sign_up = _admin_confirm_sign_up_with_trigger


# 5. Pipes from DynamoDB streams to Step Functions.
class _PipeRunner(threading.Thread):
    def __init__(self):
        super().__init__(name="bstore-pipes", daemon=True)
        self.positions = {}  # pipe arn -> index of the next stream record

    def run(self):
        while True:
            time.sleep(0.2)
            try:
                self.poll()
            except Exception as error:  # keep delivering; say what went wrong
                print(f"bstore-pipes: {error!r}", file=sys.stderr, flush=True)

    def poll(self):
        for account_id, regions in list(pipes_backends.items()):
            for region, backend in list(regions.items()):
                for pipe in list(backend.pipes.values()):
                    if pipe.desired_state != "STOPPED" and ":dynamodb:" in pipe.source and ":states:" in pipe.target:
                        self.deliver(account_id, region, pipe)

    def deliver(self, account_id, region, pipe):
        table_name = pipe.source.split(":table/")[1].split("/")[0]
        with _one_at_a_time:
            table = dynamodb_models.dynamodb_backends[account_id][region].tables.get(table_name)
            shard = table.stream_shard if table is not None else None
            if shard is None:
                return
            parameters = pipe.source_parameters or {}
            stream_parameters = parameters.get("DynamoDBStreamParameters") or {}
            if pipe.arn not in self.positions:
                from_start = stream_parameters.get("StartingPosition") == "TRIM_HORIZON"
                self.positions[pipe.arn] = 0 if from_start else len(shard.items)
            records = [r.to_json() for r in shard.items[self.positions[pipe.arn]:]]
            self.positions[pipe.arn] += len(records)
        patterns = [EventPattern.load(f["Pattern"]) for f in (parameters.get("FilterCriteria") or {}).get("Filters", [])]
        stepfunctions = stepfunctions_models.stepfunctions_parser_backends[account_id][region]
        for record in records:
            event = json.loads(json.dumps(
                dict(record, eventSourceARN=pipe.source), default=lambda v: v.timestamp() if isinstance(v, datetime.datetime) else str(v)))
            if patterns and not any(p.matches_event(event) for p in patterns):
                continue
            with _one_at_a_time:
                stepfunctions.start_execution(pipe.target, name=event["eventID"], execution_input=json.dumps([event]))


# 6. Lambda invocations from Step Functions (the order workflow's steps), delivered like Cognito's triggers. A 5xx
# answer is a failed invocation, as AWS_LWA_ERROR_STATUS_CODES makes it in AWS, so the workflow's Retry applies.
def _invoke_from_workflow(parameters, region, state_credentials):
    payload = parameters.get("Payload") or b"{}"
    status, body = _post_event(parameters["FunctionName"], json.loads(payload), timeout=30)
    if status >= 500:
        return {"StatusCode": 200, "FunctionError": "Unhandled", "ExecutedVersion": "$LATEST",
                "Payload": {"errorType": "HandlerFailed", "errorMessage": f"The function answered {status}.", "body": body}}
    return {"StatusCode": 200, "ExecutedVersion": "$LATEST", "Payload": body}


lambda_eval_utils._invoke_lambda_function = _invoke_from_workflow


# 7. The email outbox.
_emails_sent = []
_publish = sns_models.Subscription.publish


def _publish_recording_emails(self, message, message_id, subject=None, message_attributes=None, *args, **kwargs):
    matcher = self._filter_policy_matcher
    if self.protocol in ("email", "email-json") and (matcher is None or matcher.matches(message_attributes, message)):
        _emails_sent.append({
            "to": self.endpoint, "subject": subject, "message": message, "topicArn": self.topic.arn,
            "messageAttributes": message_attributes or {}, "messageId": message_id,
            "sentAt": datetime.datetime.now(datetime.timezone.utc).isoformat(),
        })
    return _publish(self, message, message_id, subject, message_attributes, *args, **kwargs)


sns_models.Subscription.publish = _publish_recording_emails


def _emails(environ, start_response):
    return _answer(start_response, "200 OK", {"emails": _emails_sent})


def _answer(start_response, status, document, content_type="application/json"):
    body = json.dumps(document).encode()
    start_response(status, [("Content-Type", content_type), ("Content-Length", str(len(body)))])
    return [body]


# 8. Faults on demand.
_faults_lock = threading.Lock()
_outage_until = 0.0
_throttles = []  # [match, error, remaining]
_THROTTLE_TYPES = {
    "ThrottlingException": "com.amazon.coral.availability#ThrottlingException",
    "ProvisionedThroughputExceededException": "com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException",
}


def _set_faults(environ, start_response):
    global _outage_until
    length = int(environ.get("CONTENT_LENGTH") or 0)
    request = json.loads(environ["wsgi.input"].read(length) or b"{}")
    with _faults_lock:
        if request.get("clear"):
            _outage_until = 0.0
            _throttles.clear()
        if "outageSeconds" in request:
            _outage_until = time.monotonic() + float(request["outageSeconds"])
        if "throttle" in request:
            rule = request["throttle"]
            if rule["error"] not in _THROTTLE_TYPES:
                return _answer(start_response, "400 Bad Request", {"message": f"unknown error {rule['error']}"})
            _throttles.append([rule.get("match", ""), rule["error"], int(rule.get("count", 1))])
    return _answer(start_response, "200 OK", {"outage": _outage_until > time.monotonic(), "throttles": len(_throttles)})


def _fault_for(environ):
    """The (status, error document) a DynamoDB request meets, or None. Reads the body, and puts it back for moto."""
    with _faults_lock:
        if time.monotonic() < _outage_until:
            return ("503 Service Unavailable",
                    {"__type": "com.amazon.coral.availability#ServiceUnavailableException", "message": "Service unavailable (emulated outage)"},
                    "application/x-amz-json-1.0")
        if not _throttles:
            return None
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length)
        environ["wsgi.input"] = io.BytesIO(body)
        text = body.decode("utf-8", "replace")
        for rule in _throttles:
            if rule[0] in text and rule[2] > 0:
                rule[2] -= 1
                return ("400 Bad Request",
                        {"__type": _THROTTLE_TYPES[rule[1]], "message": "Rate of requests exceeds the allowed throughput (emulated)."},
                        "application/x-amz-json-1.0")
    return None


# 9. IAM for the credentials the emulator issued, each request checked against the resources AWS checks it on.
_TRANSACT_WRITE_ACTIONS = {"Put": "PutItem", "Update": "UpdateItem", "Delete": "DeleteItem", "ConditionCheck": "ConditionCheckItem"}


def _issued_by_emulator(access_key_id):
    """True for keys of an IAM user or an assumed role in the emulator; False for set-up and test credentials."""
    for _, account in list(iam_backends.items()):
        for partition in list(account.values()):
            if access_key_id in partition.access_keys:
                return True
    return False


def dynamodb_resources(action, request, arn_prefix):
    """(action, resource ARN) pairs a DynamoDB request is authorized on. arn_prefix: arn:aws:dynamodb:<region>:<account>."""
    def table(name):
        return name if name.startswith("arn:") else f"{arn_prefix}:table/{name}"

    if action in ("BatchGetItem", "BatchWriteItem"):
        return [(action, table(name)) for name in request.get("RequestItems") or {}]
    if action == "TransactGetItems":
        return [("GetItem", table(item["Get"]["TableName"]))
                for item in request.get("TransactItems") or [] if "TableName" in (item.get("Get") or {})]
    if action == "TransactWriteItems":
        return [(_TRANSACT_WRITE_ACTIONS[operation], table(detail["TableName"]))
                for item in request.get("TransactItems") or [] for operation, detail in item.items()
                if operation in _TRANSACT_WRITE_ACTIONS and "TableName" in (detail or {})]
    if request.get("TableName"):
        arn = table(request["TableName"])
        if action in ("Query", "Scan") and request.get("IndexName"):
            arn += f"/index/{request['IndexName']}"
        return [(action, arn)]
    for key in ("StreamArn", "ResourceArn", "BackupArn", "ExportArn", "ImportArn"):
        if request.get(key):
            return [(action, request[key])]
    return [(action, "*")]


def sns_resources(action, request, arn_prefix):
    """arn_prefix: arn:aws:sns:<region>:<account>. Unsubscribe and the subscription calls name a subscription
    (<topic arn>:<id>), Publish a topic or an endpoint."""
    if action == "CreateTopic" and request.get("Name"):
        return [(action, f"{arn_prefix}:{request['Name']}")]
    for key in ("TopicArn", "TargetArn", "SubscriptionArn", "EndpointArn", "PlatformApplicationArn", "ResourceArn"):
        if request.get(key):
            return [(action, request[key])]
    return [(action, "*")]


def states_resources(action, request, arn_prefix, state_machine_of_token=lambda token: None):
    """arn_prefix: arn:aws:states:<region>:<account>. SendTaskSuccess/Failure/Heartbeat are authorized on the state
    machine whose execution is waiting for the token."""
    if action == "CreateStateMachine" and request.get("name"):
        return [(action, f"{arn_prefix}:stateMachine:{request['name']}")]
    for key in ("stateMachineArn", "executionArn", "activityArn", "resourceArn", "mapRunArn"):
        if request.get(key):
            return [(action, request[key])]
    if request.get("taskToken"):
        return [(action, state_machine_of_token(request["taskToken"]) or "*")]
    return [(action, "*")]


def secretsmanager_resources(action, request, arn_prefix, arn_of_secret=lambda secret_id: None):
    """arn_prefix: arn:aws:secretsmanager:<region>:<account>. A secret's ARN ends in a random suffix: a secret named by
    its name is authorized on its full ARN; one not created yet on <name>-?????? (as `<name>-*` grants match)."""
    secret_id = request.get("SecretId") or request.get("Name")
    if not secret_id:
        return [(action, "*")]
    if secret_id.startswith("arn:"):
        return [(action, arn_of_secret(secret_id) or secret_id)]
    return [(action, arn_of_secret(secret_id) or f"{arn_prefix}:secret:{secret_id}-??????")]


def cognito_resources(action, request, arn_prefix):
    """arn_prefix: arn:aws:cognito-idp:<region>:<account>."""
    if request.get("UserPoolId"):
        return [(action, f"{arn_prefix}:userpool/{request['UserPoolId']}")]
    return [(action, "*")]


def _state_machine_of_token(account, region, token):
    backend = stepfunctions_models.stepfunctions_parser_backends[account][region]
    for machine in list(backend.state_machines):
        for execution in list(getattr(machine, "executions", [])):
            worker = getattr(execution, "exec_worker", None)
            pool = getattr(getattr(worker, "env", None), "callback_pool_manager", None)
            if pool is not None and pool.get(token) is not None:
                return machine.arn
    return None


def _arn_of_secret(account, region, secret_id):
    secrets = secretsmanager_backends[account][region].secrets
    return secrets[secret_id].arn if secret_id in secrets else None


def _first_values(querystring):
    return {key: values[0] if isinstance(values, list) and values else values for key, values in (querystring or {}).items()}


def _resources(handler, service, action, resource, account, region):
    if service == "s3":
        return [(action, resource)]  # moto names the bucket and key itself
    if handler.headers.get("X-Amz-Target"):
        try:
            request = json.loads(handler.raw_body or b"{}")
        except ValueError:
            request = {}
    else:
        request = _first_values(handler.querystring)
    if not isinstance(request, dict):
        request = {}
    arn_prefix = f"arn:{get_partition(region)}:{service}:{region}:{account}"
    try:
        if service == "dynamodb":
            return dynamodb_resources(action, request, arn_prefix)
        if service == "sns":
            return sns_resources(action, request, arn_prefix)
        if service == "states":
            return states_resources(action, request, arn_prefix, lambda token: _state_machine_of_token(account, region, token))
        if service == "secretsmanager":
            return secretsmanager_resources(action, request, arn_prefix, lambda secret_id: _arn_of_secret(account, region, secret_id))
        if service == "cognito-idp":
            return cognito_resources(action, request, arn_prefix)
    except (AttributeError, KeyError, TypeError):
        pass  # a malformed request: authorized on "*", then refused by the service's own validation
    return [(action, resource)]


class _SnsAuthorizationError(AccessDeniedError):
    """SNS's answer (403, XML) to a call the caller's policies do not allow."""

    def __init__(self, message):  # not the parent's (user, action)
        super(AccessDeniedError, self).__init__("AuthorizationError", message)


def _denied(service, message):
    # JSON-protocol services (DynamoDB, Step Functions, Secrets Manager, Cognito) answer 400 AccessDeniedException.
    return _SnsAuthorizationError(message) if service == "sns" else JsonRESTError("AccessDeniedException", message)


# ... with the conditions of a statement evaluated as AWS does, on the request's keys: moto evaluates only StringEquals
# (and only in trust policies), ignores other operators, and turns an Allow whose condition fails into an explicit Deny.
_request_conditions = threading.local()
_CONDITION_OPERATORS = {
    "StringEquals": lambda actual, expected: actual is not None and actual in expected,
    "StringNotEquals": lambda actual, expected: actual is None or actual not in expected,
    "StringLike": lambda actual, expected: actual is not None and any(_glob(e).match(actual) for e in expected),
    "StringNotLike": lambda actual, expected: actual is None or not any(_glob(e).match(actual) for e in expected),
    "Bool": lambda actual, expected: actual is not None and actual.lower() in [str(e).lower() for e in expected],
}


@functools.lru_cache(maxsize=1024)
def _glob(pattern):
    return re.compile("".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern) + r"\Z", re.DOTALL)


def conditions_hold(conditions, values):
    """Whether a statement's Condition block holds for the request's condition keys (names case-insensitive). An operator
    the emulator does not evaluate never holds: the statement does not apply, rather than applying unchecked."""
    for operator, entries in conditions.items():
        check = _CONDITION_OPERATORS.get(operator)
        if check is None:
            return False
        for key, expected in entries.items():
            if not check(values.get(key.lower()), expected if isinstance(expected, list) else [expected]):
                return False
    return True


def condition_values(service, region, query):
    """The condition keys a request carries. query: the request's parameters (first value of each)."""
    values = {"aws:requestedregion": region, "aws:securetransport": "true"}  # AWS endpoints are HTTPS only
    if service == "s3":
        for key in ("prefix", "delimiter", "max-keys"):
            if query.get(key) is not None:
                values[f"s3:{key}"] = query[key]
    return values


_statement_permitted = access_control.IAMPolicyStatement.is_action_permitted


def _statement_with_conditions(self, action, resource="*", principal=None, incoming_condition_values=None):
    values = getattr(_request_conditions, "values", None)
    if values is None or not self._statement.get("Condition"):
        return _statement_permitted(self, action, resource, principal, incoming_condition_values)
    if not conditions_hold(self._statement["Condition"], values):
        return access_control.PermissionResult.NEUTRAL  # a statement whose condition fails does not apply
    unconditional = {key: value for key, value in self._statement.items() if key != "Condition"}
    return access_control.IAMPolicyStatement(unconditional).is_action_permitted(action, resource, principal, incoming_condition_values)


access_control.IAMPolicyStatement.is_action_permitted = _statement_with_conditions


def _authorize(self, iam_request_cls, resource="*"):
    if self.headers.get("X-Amz-Target") in ActionAuthenticatorMixin.PUBLIC_OPERATIONS:
        return
    if "Credential=" not in (self.headers.get("Authorization") or "") or not _issued_by_emulator(self.get_access_key()):
        return
    parsed_url = urllib.parse.urlparse(self.uri)
    request = iam_request_cls(
        account_id=self.current_account, method=self.method,
        path=parsed_url.path + (f"?{parsed_url.query}" if parsed_url.query else ""),
        data=self.data, body=self.raw_body, headers=self.headers, action=self._get_action())
    service, region = request._service, request._region
    if service != "s3":  # moto's S3 signature differs from AWSSDK.S3's for some requests (the deploy seeder's uploads)
        request.check_signature()
    action = request._action.partition(":")[2]
    query = _first_values(self.querystring)
    _request_conditions.values = condition_values(service, region, query)
    try:
        for checked_action, arn in _resources(self, service, action, resource, self.current_account, region):
            request._action = f"{service}:{checked_action}"
            try:
                request.check_action_permitted(arn)
            except AccessDeniedError:
                raise _denied(service,
                              f"User: {request._access_key.arn} is not authorized to perform: {service}:{checked_action} on resource: {arn} "
                              f"because no identity-based policy allows the {service}:{checked_action} action")
    finally:
        _request_conditions.values = None


ActionAuthenticatorMixin._authenticate_and_authorize_action = _authorize


if __name__ == "__main__":
    _PipeRunner().start()
    server.main()
