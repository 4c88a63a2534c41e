"""Realistic demo records for a GB garage group and an Indian vehicle-sales dealer."""

from typing import TypedDict


class DealerSpec(TypedDict):
    """The arguments of dealer_create() for one demo dealer."""

    slug: str
    name: str
    country: str


DEMO_PASSWORD = "forecourt-demo-2026"
ROLES = ("admin", "sales", "service", "rental", "viewer")

DEALERS: list[DealerSpec] = [
    {"slug": "northgate", "name": "Northgate Motors", "country": "GB"},
    {"slug": "sahyadri", "name": "Sahyadri Motors", "country": "IN"},
]

STAFF_NAMES = {
    "northgate": {
        "admin": ("Helen", "Carter"),
        "sales": ("James", "Whitaker"),
        "service": ("Priya", "Shah"),
        "rental": ("Owen", "Price"),
        "viewer": ("Ruth", "Ellis"),
    },
    "sahyadri": {
        "admin": ("Anjali", "Deshpande"),
        "sales": ("Rohit", "Kulkarni"),
        "service": ("Sunil", "Patil"),
        "rental": ("Kavita", "Joshi"),
        "viewer": ("Nikhil", "Rao"),
    },
}

# (title, first, last, mobile, email, address line 1, city, county/region, postal code)
GB_CUSTOMERS = [
    (
        "Mr",
        "Oliver",
        "Smith",
        "07911 123456",
        "oliver.smith@example.co.uk",
        "14 Deansgate",
        "Manchester",
        "Greater Manchester",
        "M3 2BW",
    ),
    (
        "Mrs",
        "Amelia",
        "Jones",
        "07700 123456",
        "amelia.jones@example.com",
        "3 Wilmslow Road",
        "Manchester",
        "Greater Manchester",
        "M14 5TQ",
    ),
    (
        "Mr",
        "Harry",
        "Taylor",
        "07812 345678",
        "harry.taylor@example.co.uk",
        "22 Stockport Road",
        "Stockport",
        "Greater Manchester",
        "SK4 2HD",
    ),
    (
        "Ms",
        "Isla",
        "Brown",
        "07723 456789",
        "isla.brown@example.org",
        "9 Chapel Street",
        "Salford",
        "Greater Manchester",
        "M3 5JZ",
    ),
    (
        "Dr",
        "George",
        "Williams",
        "07534 567890",
        "g.williams@example.com",
        "51 Bridge Street",
        "Warrington",
        "Cheshire",
        "WA1 2QW",
    ),
    (
        "Mrs",
        "Ava",
        "Wilson",
        "07845 678901",
        "ava.wilson@example.co.uk",
        "7 Church Lane",
        "Altrincham",
        "Greater Manchester",
        "WA14 1EP",
    ),
    (
        "Mr",
        "Jack",
        "Davies",
        "07956 789012",
        "jack.davies@example.com",
        "120 Oldham Road",
        "Rochdale",
        "Greater Manchester",
        "OL11 1AB",
    ),
    (
        "Miss",
        "Mia",
        "Evans",
        "07467 890123",
        "mia.evans@example.co.uk",
        "2 Market Place",
        "Bolton",
        "Greater Manchester",
        "BL1 2AL",
    ),
    (
        "Mr",
        "Noah",
        "Thomas",
        "07378 901234",
        "noah.thomas@example.org",
        "66 King Street",
        "Wigan",
        "Greater Manchester",
        "WN1 1BP",
    ),
    (
        "Mrs",
        "Sophia",
        "Roberts",
        "07889 012345",
        "sophia.roberts@example.com",
        "18 High Street",
        "Macclesfield",
        "Cheshire",
        "SK11 6JU",
    ),
    (
        "Mr",
        "Leo",
        "Johnson",
        "07912 234567",
        "leo.johnson@example.co.uk",
        "5 Park Road",
        "Sale",
        "Greater Manchester",
        "M33 6HT",
    ),
    (
        "Ms",
        "Grace",
        "Walker",
        "07723 345670",
        "grace.walker@example.com",
        "40 Moor Lane",
        "Bury",
        "Greater Manchester",
        "BL9 0SF",
    ),
]

# Verhoeff-valid Aadhaar numbers for the Indian individuals, in the order of IN_CUSTOMERS
# (end users of an Indian dealer need one, SPEC B4).
IN_AADHAARS = [
    "499112345677",
    "523412341236",
    "867312765433",
    "398745612300",
    "720193847563",
    "648502938170",
    "582073149624",
    "917364820515",
]

IN_CUSTOMERS = [
    (
        "Mr",
        "Rahul",
        "Sharma",
        "98765 43210",
        "rahul.sharma@example.in",
        "Flat 12, Shivaji Nagar",
        "Pune",
        "Maharashtra",
        "411005",
    ),
    (
        "Mrs",
        "Priya",
        "Patel",
        "99876 54321",
        "priya.patel@example.in",
        "24 FC Road",
        "Pune",
        "Maharashtra",
        "411004",
    ),
    (
        "Mr",
        "Amit",
        "Kumar",
        "91234 56789",
        "amit.kumar@example.com",
        "7 Baner Road",
        "Pune",
        "Maharashtra",
        "411045",
    ),
    (
        "Ms",
        "Sneha",
        "Iyer",
        "98201 23456",
        "sneha.iyer@example.in",
        "101 Marine Drive",
        "Mumbai",
        "Maharashtra",
        "400020",
    ),
    (
        "Mr",
        "Vikram",
        "Singh",
        "97654 32109",
        "vikram.singh@example.com",
        "33 Aundh",
        "Pune",
        "Maharashtra",
        "411007",
    ),
    (
        "Mrs",
        "Lakshmi",
        "Nair",
        "99001 12233",
        "lakshmi.nair@example.in",
        "8 Koregaon Park",
        "Pune",
        "Maharashtra",
        "411001",
    ),
    (
        "Mr",
        "Arjun",
        "Reddy",
        "98480 22334",
        "arjun.reddy@example.in",
        "12 Hinjewadi Phase 1",
        "Pune",
        "Maharashtra",
        "411057",
    ),
    (
        "Ms",
        "Neha",
        "Gupta",
        "98111 44556",
        "neha.gupta@example.com",
        "56 Kothrud",
        "Pune",
        "Maharashtra",
        "411038",
    ),
]

GB_COMPANIES = [
    (
        "Pennine Logistics Ltd",
        "Sarah Holt",
        "0161 496 0000",
        "fleet@penninelogistics.example.co.uk",
        "Unit 4, Trafford Park",
        "Manchester",
        "Greater Manchester",
        "M17 1RN",
    ),
]
IN_COMPANIES = [
    (
        "Deccan Cabs Pvt Ltd",
        "Mahesh Jadhav",
        "020 2553 1234",
        "accounts@deccancabs.example.in",
        "Plot 9, MIDC Bhosari",
        "Pune",
        "Maharashtra",
        "411026",
    ),
]
