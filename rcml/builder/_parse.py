def parse(data: object) -> object:
    raise NotImplementedError
