"""The employers behind the demo postings, with the spellings boards really use for them.

Each organization has one true id (ground truth for organization matching) and several spellings seen on boards:
legal suffixes (Inc., LLC, GmbH, Ltd), case variants (Whatnot/WhatNot), short vs long names (Unity vs Unity
Technologies), abbreviations (BMO vs Bank of Montreal) and product names used for the company (InvoiceCloud for
EngageSmart). Confusable but different employers (Apex Systems vs Apex Dental Group) keep matching honest.
Staffing agencies and "Confidential" employers hide the real employer, as they do on real boards.
"""

# ruff: noqa: E501  (the organization table is data: one organization per line reads best)
from __future__ import annotations

from dataclasses import dataclass

# id | kind | countries (first = HQ) | industry | domain | ats vendor:tenant (- = own careers page) | spellings
_TABLE = """
unity|employer|US,CA,GB|software|unity.com|greenhouse:unity3d|Unity Technologies;Unity;Unity Technologies Inc.;UNITY TECHNOLOGIES
whatnot|employer|US|ecommerce|whatnot.com|ashby:whatnot|Whatnot;WhatNot;Whatnot Inc.
bmo|employer|CA,US|bank|bmo.com|workday:bmo|BMO;Bank of Montreal;BMO Financial Group;BMO Harris Bank N.A.
engagesmart|employer|US|software|engagesmart.com|greenhouse:engagesmart|EngageSmart;InvoiceCloud;EngageSmart, Inc.;InvoiceCloud, an EngageSmart company
relx|employer|GB,US,NL|publishing|relx.com|workday:relx|RELX;Elsevier;RELX PLC;Elsevier Ltd
asana|employer|US,GB|software|asana.com|greenhouse:asana|Asana;Asana Early Career Programs;Asana, Inc.
capstone|employer|US,GB|finance|capstoneco.com|greenhouse:capstoneinvestmentadvisors|Capstone Investment Advisors;Capstone;Capstone Investment Advisors, LLC
siemens|employer|DE,US,GB,IN|industrial|siemens.com|workday:siemens|Siemens AG;Siemens;SIEMENS;Siemens Healthineers AG
sap|employer|DE,FR,IN,US|software|sap.com|workday:sap|SAP SE;SAP;SAP Deutschland SE & Co. KG
deloitte|employer|GB,US,IN|consulting|deloitte.com|workday:deloitte|Deloitte;Deloitte LLP;Deloitte UK;Deloitte Consulting LLP
tesco|employer|GB|retail|tesco.com|workday:tesco|Tesco;Tesco PLC;Tesco Stores Ltd;TESCO
infosys|employer|IN,US|it_services|infosys.com|-|Infosys;Infosys Limited;Infosys Ltd.;INFOSYS
shopify|employer|CA,US|ecommerce|shopify.com|greenhouse:shopify|Shopify;Shopify Inc.;shopify
airbus|employer|FR,DE,GB|aerospace|airbus.com|workday:airbus|Airbus;Airbus SAS;AIRBUS;Airbus Operations GmbH
datadog|employer|US,FR|software|datadoghq.com|greenhouse:datadog|Datadog;Datadog, Inc.;DataDog
doctolib|employer|FR,DE|healthtech|doctolib.fr|lever:doctolib|Doctolib;Doctolib SAS;DOCTOLIB
zalando|employer|DE|ecommerce|zalando.com|workday:zalando|Zalando SE;Zalando;ZALANDO
monzo|employer|GB|bank|monzo.com|greenhouse:monzo|Monzo;Monzo Bank Ltd;Monzo Bank
wipro|employer|IN,GB|it_services|wipro.com|-|Wipro;Wipro Limited;Wipro Technologies
cineplex|employer|CA|hospitality|cineplex.com|-|Cineplex;Cineplex Entertainment;Cineplex Inc.
northwind|employer|US|logistics|northwindlogistics.com|workday:northwind|Northwind Logistics LLC;Northwind Logistics;Northwind;NORTHWIND LOGISTICS
contoso|employer|US|hospital|contosohealth.org|workday:contosohealth|Contoso Health Systems;Contoso Health;Contoso Health Systems, Inc.
fabrikam|employer|DE|industrial|fabrikam.de|-|Fabrikam GmbH;Fabrikam;FABRIKAM GmbH
brightline|employer|US|dental|brightlinedental.com|-|Brightline Dental Partners;Brightline Dental;Brightline Dental Partners, PLLC
helios|employer|GB|energy|heliosenergy.co.uk|lever:heliosenergy|Helios Energy Ltd;Helios Energy;Helios Energy Limited
kestrel|employer|US|software|kestrelrobotics.com|lever:kestrel|Kestrel Robotics;Kestrel Robotics, Inc.;Kestrel
lumen_analytics|employer|US,GB|software|lumenanalytics.io|ashby:lumen-analytics|Lumen Analytics;Lumen Analytics Inc.;LumenAnalytics
lumen_tech|employer|US|telecom|lumen.com|workday:lumen|Lumen Technologies;Lumen;Lumen Technologies, Inc.
apex_dental|employer|US|dental|apexdentalgroup.com|-|Apex Dental Group;Apex Dental Group, P.C.;Apex Dental
summit_health|employer|US|hospital|summithealth.com|workday:summithealth|Summit Health;Summit Health Management, LLC;SummitHealth
summit_logistics|employer|US,CA|logistics|summitlogistics.com|-|Summit Logistics Group;Summit Logistics;Summit Logistics Group Inc.
bluepeak|employer|US|software|bluepeak.ai|ashby:bluepeak|BluePeak AI;Bluepeak;BluePeak Labs, Inc.
quantica|employer|GB,DE|finance|quantica.com|greenhouse:quantica|Quantica Capital;Quantica;Quantica Capital LLP
meridian|employer|US|hospital|meridianhealth.org|workday:meridian|Meridian Health;Meridian Healthcare System;Meridian Health Inc
oakridge|employer|US|education|oakridgeschools.org|-|Oakridge Public Schools;Oakridge School District;Oakridge Schools
riverbend|employer|US|hospitality|riverbendhotels.com|-|Riverbend Hotels & Resorts;Riverbend Hotels;Riverbend Hotels and Resorts LLC
greenleaf|employer|US,CA|retail|greenleafgrocers.com|workday:greenleaf|Greenleaf Grocers;Greenleaf Grocers Inc.;GreenLeaf Grocers;Greenleaf Market
ironclad_mfg|employer|US|industrial|ironcladmfg.com|-|Ironclad Manufacturing;Ironclad Manufacturing Co.;Ironclad Mfg
stellar_insure|employer|US|insurance|stellarinsurance.com|workday:stellar|Stellar Insurance Group;Stellar Insurance;Stellar Insurance Group, Inc.
nordlicht|employer|DE|energy|nordlicht-energie.de|-|Nordlicht Energie GmbH;Nordlicht Energie;Nordlicht
bauwerk|employer|DE|construction|bauwerk-bau.de|-|Bauwerk Bau AG;Bauwerk;BAUWERK Bau AG
lumiere|employer|FR|retail|lumiere-paris.fr|-|Lumière Paris SAS;Lumière Paris;Lumiere Paris
mistral_logistique|employer|FR|logistics|mistral-logistique.fr|-|Mistral Logistique SARL;Mistral Logistique;MISTRAL LOGISTIQUE
tandem_fintech|employer|FR,GB|finance|tandem-pay.com|lever:tandem|Tandem Pay;TandemPay;Tandem Pay SAS
mapleleaf_care|employer|CA|hospital|mapleleafcare.ca|-|Maple Leaf Care Homes;Maple Leaf Care;Maple Leaf Care Homes Ltd.
northern_rail_tech|employer|CA|software|nrtech.ca|greenhouse:nrtech|Northern Rail Technologies;NRTech;Northern Rail Technologies Inc.
sahyadri|employer|IN|it_services|sahyadrisoft.in|-|Sahyadri Software Pvt Ltd;Sahyadri Software;Sahyadri Software Private Limited
kaveri_health|employer|IN|hospital|kaverihealth.in|-|Kaveri Health Care;Kaveri Healthcare;Kaveri Health Care Pvt. Ltd.
pinecrest_bank|employer|US|bank|pinecrestbank.com|workday:pinecrest|Pinecrest Bank;Pinecrest Bank, N.A.;Pinecrest Financial
harborview|employer|US|hospital|harborviewmedical.org|workday:harborview|Harborview Medical Center;Harborview Medical;HMC Harborview
cobalt_games|employer|US,CA|software|cobaltgames.com|greenhouse:cobaltgames|Cobalt Games;Cobalt Games Studio;Cobalt Games, Inc.
evergreen_edu|employer|GB|education|evergreenacademy.org.uk|-|Evergreen Academy Trust;Evergreen Academy;Evergreen Academies
thistle_foods|employer|GB|retail|thistlefoods.co.uk|-|Thistle Foods Ltd;Thistle Foods;THISTLE FOODS LTD
redwood_legal|employer|US|legal|redwoodlaw.com|-|Redwood & Partners LLP;Redwood and Partners;Redwood Partners LLP
vantage_data|employer|US,IN|software|vantagedata.com|lever:vantagedata|Vantage Data Systems;Vantage Data;Vantage Data Systems, LLC
ortus_pharma|employer|US,DE|pharma|ortuspharma.com|workday:ortus|Ortus Pharmaceuticals;Ortus Pharma;Ortus Pharmaceuticals, Inc.
polaris_air|employer|US|aerospace|polarisaero.com|workday:polarisaero|Polaris Aerospace;Polaris Aerospace Corp.;Polaris Aero
crescent_hotels|employer|GB,FR|hospitality|crescenthotels.com|-|Crescent Hotels;Crescent Hotels Group;Crescent Hotels Ltd
atlas_freight|employer|US|logistics|atlasfreight.com|-|Atlas Freight Lines;Atlas Freight;Atlas Freight Lines, Inc.
kinetic_fit|employer|US,GB|retail|kineticfitness.com|-|Kinetic Fitness Clubs;Kinetic Fitness;KINETIC FITNESS
sunrise_senior|employer|US|hospital|sunrisecare.com|-|Sunrise Senior Care;Sunrise Senior Care LLC;Sunrise Care
bytebridge|employer|IN,GB|it_services|bytebridge.io|lever:bytebridge|ByteBridge Technologies;ByteBridge;Bytebridge Technologies Pvt Ltd
hollow_creek|employer|US|construction|hollowcreekbuilders.com|-|Hollow Creek Builders;Hollow Creek Builders Inc.;Hollowcreek Builders
granite_ins|employer|GB|insurance|graniteinsurance.co.uk|workday:granite|Granite Insurance;Granite Insurance plc;Granite Insurance PLC
alpenrose|employer|DE|hospitality|alpenrose-hotel.de|-|Hotel Alpenrose GmbH;Hotel Alpenrose;Alpenrose Hotels
novaris|employer|FR,DE|pharma|novaris-lab.com|workday:novaris|Novaris Laboratoires;Novaris;Novaris Laboratoires SA
tidewater|employer|US|energy|tidewaterpower.com|-|Tidewater Power & Light;Tidewater Power and Light;Tidewater Power
clearwater_sw|employer|CA|software|clearwater.dev|ashby:clearwater|Clearwater Software;Clearwater;Clearwater Software Ltd.
orchid_design|employer|GB|software|orchid.design|-|Orchid Design Studio;Orchid Design;Orchid Studio Ltd
prairie_ag|employer|US,CA|industrial|prairieag.com|-|Prairie Agricultural Co-op;Prairie Ag Co-op;Prairie Agricultural Cooperative
quill_media|employer|US|publishing|quillmedia.com|greenhouse:quillmedia|Quill Media;Quill Media Group;Quill Media, Inc.
silverline_telecom|employer|IN|telecom|silverlinetel.in|-|Silverline Telecom;Silverline Telecom Ltd;SILVERLINE TELECOM LIMITED
beacon_cu|employer|US|bank|beaconcu.org|-|Beacon Credit Union;Beacon CU;Beacon Federal Credit Union
marlow_retail|employer|GB|retail|marlowhome.co.uk|workday:marlow|Marlow Home Stores;Marlow Home;Marlow Home Stores Ltd
ferrum_auto|employer|DE|industrial|ferrum-auto.de|workday:ferrum|Ferrum Automotive GmbH;Ferrum Automotive;Ferrum Auto
cedar_clinic|employer|CA|dental|cedarclinic.ca|-|Cedar Family Dental;Cedar Dental Clinic;Cedar Family Dental Inc.
vela_energy|employer|FR|energy|vela-energie.fr|-|Véla Énergie;Vela Energie;VELA ENERGIE SAS
apex_systems|staffing_agency|US|staffing|apexsystems.com|-|Apex Systems;Apex Systems LLC;Apex Systems, a Part of ASGN
robert_half|staffing_agency|US,GB,CA|staffing|roberthalf.com|-|Robert Half;Robert Half International;Robert Half Talent Solutions
randstad|staffing_agency|DE,FR,US,IN|staffing|randstad.com|-|Randstad;Randstad Deutschland GmbH & Co. KG;Randstad USA
hays|staffing_agency|GB,DE|staffing|hays.co.uk|-|Hays;Hays Specialist Recruitment Ltd;Hays Recruitment
teksystems|staffing_agency|US|staffing|teksystems.com|-|TEKsystems;TEKsystems, Inc.;Tek Systems
adecco|staffing_agency|FR,US|staffing|adecco.com|-|Adecco;The Adecco Group;Adecco France
manpower|staffing_agency|US,IN|staffing|manpowergroup.com|-|ManpowerGroup;Manpower;Manpower Services India Pvt Ltd
confidential|confidential|US,GB,DE,FR,CA,IN|unknown|-|-|Confidential;Confidential Company;Undisclosed;Private Company
"""

# Employers behind spam postings: vague, unverifiable names (never a real company).
_SPAM_TABLE = """
spam_global_solutions|Global Solutions Group
spam_hr_team|HR Department
spam_remote_hub|Remote Jobs Hub
spam_prime_staff|Prime Staffing Network
spam_star_logistics|Star Express Logistics
spam_hiring_team|Hiring Team
spam_united_careers|United Careers International
spam_dream_work|Dream Work From Home
"""


@dataclass(frozen=True)
class Org:
    org_id: str
    kind: str  # employer | staffing_agency | confidential
    countries: tuple[str, ...]
    industry: str
    domain: str | None
    ats_vendor: str | None  # greenhouse | lever | workday | ashby; None: the company's own careers page
    ats_tenant: str | None
    spellings: tuple[str, ...]  # first is the canonical name

    @property
    def name(self) -> str:
        return self.spellings[0]


def _parse(table: str) -> tuple[Org, ...]:
    orgs = []
    for line in table.strip().splitlines():
        oid, kind, countries, industry, domain, ats, names = line.split("|")
        vendor, _, tenant = ats.partition(":")
        orgs.append(
            Org(
                org_id=f"org-{oid}",
                kind=kind,
                countries=tuple(countries.split(",")),
                industry=industry,
                domain=None if domain == "-" else domain,
                ats_vendor=None if vendor == "-" else vendor,
                ats_tenant=tenant or None,
                spellings=tuple(names.split(";")),
            )
        )
    return tuple(orgs)


ORGS: tuple[Org, ...] = _parse(_TABLE)
EMPLOYERS: tuple[Org, ...] = tuple(o for o in ORGS if o.kind == "employer")
AGENCIES: tuple[Org, ...] = tuple(o for o in ORGS if o.kind == "staffing_agency")
CONFIDENTIAL: Org = next(o for o in ORGS if o.kind == "confidential")
SPAM_ORGS: tuple[Org, ...] = tuple(
    Org(f"org-{oid}", "employer", ("US", "GB", "IN", "CA"), "unknown", None, None, None, (name,))
    for oid, name in (line.split("|") for line in _SPAM_TABLE.strip().splitlines())
)
