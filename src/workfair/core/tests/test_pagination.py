"""Page parameters: any input gives a page the database can answer."""

from workfair.core.pagination import MAX_PAGE, MAX_PAGE_SIZE, PageRequest


def test_a_page_number_too_large_for_the_database_is_capped():
    req = PageRequest.parse("9223372036854775808", "50")
    assert (req.page, req.size) == (MAX_PAGE, 50)
    assert req.offset < 2**63


def test_bad_page_parameters_fall_back_to_the_first_page():
    assert PageRequest.parse("abc", "-3") == PageRequest(page=1, size=1)
    assert PageRequest.parse(0, 10_000).size == MAX_PAGE_SIZE
