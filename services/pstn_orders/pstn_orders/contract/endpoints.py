"""The carrier contract a customer signs before its numbers are activated."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends

from contracts.problem import Problem
from pstn_orders.callers import Reader
from pstn_orders.contract.models import PstnContract
from pstn_orders.contract.schemas import PstnContractRead, SignatureCreate
from pstn_orders.contract.service import ContractService
from servicekit import PROBLEM_RESPONSES, Caller, Principal, Session, component

router = APIRouter(tags=["pstn contracts"], responses=PROBLEM_RESPONSES)
Contracts = Annotated[ContractService, Depends(component(ContractService))]


def read(contract: PstnContract, contracts: ContractService, principal: Principal) -> PstnContractRead:
    answer = PstnContractRead.model_validate(contract)
    answer.next_step = contracts.next_step(contract, principal)
    return answer


@router.get(
    "/v1/customers/{customer_id}/pstn-contract", operation_id="get_pstn_contract", response_model=PstnContractRead
)
async def get_pstn_contract(
    customer_id: uuid.UUID, session: Session, principal: Reader, contracts: Contracts
) -> PstnContractRead:
    """The customer's carrier contract: sent or signed, and who must sign it (R-PSTN-12)."""
    return read(await contracts.of_customer(session, customer_id, principal=principal), contracts, principal)


@router.get("/v1/pstn-contracts/{contract_id}", operation_id="get_pstn_contract_by_id", response_model=PstnContractRead)
async def get_pstn_contract_by_id(
    contract_id: uuid.UUID, session: Session, principal: Reader, contracts: Contracts
) -> PstnContractRead:
    """The contract the email links to."""
    return read(await contracts.get(session, contract_id, principal=principal), contracts, principal)


@router.post(
    "/v1/pstn-contracts/{contract_id}/signature",
    operation_id="sign_pstn_contract",
    response_model=PstnContractRead,
    responses={
        403: {"model": Problem, "description": "Only a full administrator of the customer signs: the customer must"},
        409: {"model": Problem, "description": "The customer is suspended or cancelled"},
    },
)
async def sign_pstn_contract(
    contract_id: uuid.UUID, body: SignatureCreate, session: Session, principal: Caller, contracts: Contracts
) -> PstnContractRead:
    """Sign the carrier contract: a full administrator of the customer only; partners see that the customer must
    sign (R-PSTN-12)."""
    contract = await contracts.sign(session, contract_id, body.signer_name, principal=principal)
    return read(contract, contracts, principal)
